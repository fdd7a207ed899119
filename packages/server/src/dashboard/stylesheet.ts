/** The one stylesheet of the dashboard and demo pages, served as `/assets/wordsocket.css`. */
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #2563eb; --muted: #6b7280; --line: #d1d5db; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; }
main { max-width: 44rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
p.muted, .muted { color: var(--muted); }
form.inline { display: inline; }
label { display: block; margin: 0.75rem 0 0.25rem; font-weight: 600; }
input[type=text], input[type=password], input[type=url] {
  width: 100%; padding: 0.5rem; border: 1px solid var(--line); border-radius: 6px; font: inherit;
}
button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid var(--line);
  cursor: pointer; background: transparent; color: inherit; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.actions { display: flex; gap: 0.5rem; margin-top: 1rem; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.error { border-color: #dc2626; color: #dc2626; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.375rem 0.5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
code, pre { font: 13px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
pre { background: rgba(127,127,127,0.12); padding: 0.75rem; border-radius: 6px; white-space: pre-wrap; }
nav { display: flex; gap: 1rem; margin-bottom: 1.5rem; align-items: center; }
nav .spacer { flex: 1; }
#log { max-height: 24rem; overflow-y: auto; }
#log .entry { border-bottom: 1px solid var(--line); padding: 0.25rem 0; }
.status { display: inline-block; padding: 0 0.5rem; border-radius: 999px; border: 1px solid var(--line); }
.status.connected { border-color: #16a34a; color: #16a34a; }
`;
