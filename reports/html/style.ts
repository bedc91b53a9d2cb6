/**
 * The look of Assay's pages, after the NHS.UK design system (its colours, type scale, tags, tables and
 * details), written small and self-contained: the pages open offline, so no web font or image is fetched
 * (Arial is NHS.UK's own fallback for Frutiger).
 */
export const baseStyle = `
:root{--blue:#005eb8;--dark-blue:#003087;--text:#212b32;--secondary:#4c6272;--grey-4:#d8dde0;--grey-5:#f0f4f5;--white:#fff;--green:#007f3b;--red:#d5281b;--yellow:#ffeb3b;--purple:#330072;--warm-yellow:#ffb81c}
*{box-sizing:border-box}
body{margin:0;font-family:Frutiger W01,Arial,sans-serif;font-size:16px;line-height:1.5;color:var(--text);background:var(--grey-5)}
.header{background:var(--blue);color:var(--white);padding:16px 24px}
.header h1{margin:0;font-size:24px}
.header p{margin:4px 0 0}
main{max-width:1200px;margin:0 auto;padding:24px}
h2{font-size:22px;margin:32px 0 12px}
h3{font-size:18px;margin:16px 0 8px}
a{color:var(--blue)}
a:focus,summary:focus,button:focus,input:focus,select:focus{outline:4px solid var(--yellow);box-shadow:0 4px 0 var(--text)}
.card{background:var(--white);border:1px solid var(--grey-4);padding:16px 20px;margin-bottom:16px}
.card-warning{border-left:8px solid var(--warm-yellow)}
.card-error{border-left:8px solid var(--red)}
.counts{display:flex;flex-wrap:wrap;gap:12px;margin:0;padding:0;list-style:none}
.counts li{background:var(--white);border:1px solid var(--grey-4);padding:8px 16px;min-width:110px}
.counts b{display:block;font-size:28px}
table{border-collapse:collapse;width:100%;background:var(--white);margin-bottom:16px}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid var(--grey-4);padding:8px 12px 8px 0}
th{font-weight:600}
code,pre,.mono{font-family:Menlo,Consolas,monospace;font-size:14px}
pre{background:var(--grey-5);border:1px solid var(--grey-4);padding:8px;white-space:pre-wrap;word-break:break-all;max-height:480px;overflow:auto}
.tag{display:inline-block;border:1px solid;padding:0 8px;font-size:14px;font-weight:600;line-height:1.6;min-width:56px;text-align:center}
.tag-pass{color:#005a2a;background:#cce5d8;border-color:#005a2a}
.tag-fail{color:#6b140e;background:#f7d4d1;border-color:#6b140e}
.tag-error{color:var(--white);background:var(--purple);border-color:var(--purple)}
.tag-skip{color:#3d2e00;background:#fff9c4;border-color:#ffb81c}
.tag-omit,.tag-untested{color:var(--secondary);background:var(--grey-5);border-color:var(--secondary)}
details{margin:4px 0}
summary{cursor:pointer;color:var(--blue)}
summary:hover{color:var(--dark-blue)}
.muted{color:var(--secondary)}
.hidden{display:none}
[hidden]{display:none!important}
@media print{body{background:var(--white)}.header{background:var(--white);color:var(--text);border-bottom:4px solid var(--blue)}.no-print{display:none}details{display:block}}
`;
