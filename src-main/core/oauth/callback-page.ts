// The page the browser shows after the loopback redirect. Self-contained on purpose: no
// script, no external resources, so nothing on it can leak the code or phone home.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const CALLBACK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function callbackPage(outcome: { ok: true } | { ok: false; message: string }): string {
  const title = outcome.ok ? 'Signed in' : 'Sign-in did not finish';
  const lines = outcome.ok
    ? ['Your account is connected.', 'You can close this tab and return to PromoGPT.']
    : [outcome.message, 'You can close this tab and return to PromoGPT to try again.'];
  const colour = outcome.ok ? '#1a7f37' : '#b42318';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>PromoGPT: ${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f6f7f9; color: #1f2328; }
main { max-width: 32rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; color: ${colour}; }
p { margin: .5rem 0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
</main>
</body>
</html>
`;
}
