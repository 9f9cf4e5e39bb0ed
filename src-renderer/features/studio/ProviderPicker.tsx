import { useStore } from 'zustand';
import { SelectField } from '../../components/SelectField';
import type { StudioStore } from '../../store/studio';

/** Only shown when there is a choice; '' means "the only one". */
export function ProviderPicker({ store, value, onChange }: { store: StudioStore; value: string; onChange: (name: string) => void }) {
  const providers = useStore(store, (s) => s.providers);
  if (providers.length < 2) return null;
  const options = [{ value: '', label: 'Choose…' }, ...providers.map((p) => ({ value: p.name, label: `${p.name} (${p.local ? 'this computer' : 'cloud'})` }))];
  return <SelectField label="Provider" options={options} value={value} onChange={(e) => onChange(e.target.value)} />;
}
