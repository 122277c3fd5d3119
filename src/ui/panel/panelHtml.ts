/**
 * JSON that is safe inside a <script> element: `<` is escaped so no title can close the element.
 * (The element is `type="application/json"`, which browsers never execute.)
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The webview's HTML shell: a strict CSP that allows only our own bundle (by nonce) and
 * stylesheet, and the first data inline so the first paint needs no round trip.
 */
export function panelHtml(opts: { cspSource: string; nonce: string; scriptUri: string; styleUri: string; initialData: unknown }): string {
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
    `font-src ${opts.cspSource}`,
    `script-src 'nonce-${opts.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${opts.styleUri}">
<title>Leverage Record</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading the record…</p></main>
<script id="initial-data" type="application/json" nonce="${opts.nonce}">${scriptSafeJson(opts.initialData)}</script>
<script nonce="${opts.nonce}" src="${opts.scriptUri}"></script>
</body>
</html>`;
}
