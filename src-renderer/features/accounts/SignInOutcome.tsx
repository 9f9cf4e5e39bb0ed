import { InlineMessage } from '../../components/InlineMessage';
import type { SignIn } from '../../store/accounts';

/** How the last browser sign-in (or the attempt to start one) ended, in the core's words. */
export function SignInOutcome({ signIn, error }: { signIn: SignIn | undefined; error: string | null }) {
  if (error) return <InlineMessage tone="error">{error}</InlineMessage>;
  if (signIn?.status === 'failed') return <InlineMessage tone="error">{signIn.error}</InlineMessage>;
  if (signIn?.status === 'connected' && signIn.account) {
    return <InlineMessage tone="success">Connected {signIn.account.handle}. It is listed under Connected accounts.</InlineMessage>;
  }
  return null;
}
