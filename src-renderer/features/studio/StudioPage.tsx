import { EmptyState } from '../../components/EmptyState';
import { StudioIcon } from '../../components/icons';

export function StudioPage() {
  return (
    <EmptyState
      title="Studio"
      icon={<StudioIcon />}
      notAvailable
      summary="Generate post text, pictures, voice and video with AI, using OpenAI or a model running on this machine (Ollama, LM Studio, llama.cpp). Each generation is kept with its prompt and settings so you can redo or vary it."
    >
      <h2>What to set up first</h2>
      <p>
        Studio needs an AI provider. Choosing one arrives together with Studio in a later release; a workspace can then be limited
        to models on this machine only.
      </p>
    </EmptyState>
  );
}
