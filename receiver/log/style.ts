/** The consent log's stylesheet, served at /log/log.css (the pages allow no inline style). */
export const css = `
:root{--ink:#14213d;--text:#1f2937;--muted:#5b6577;--line:#dde2ea;--bg:#f3f5f9;--card:#fff;--blue:#1d4ed8;--blue-soft:#e8eefc;--green:#0b7a55;--green-soft:#e5f6ee;--red:#b42318;--red-soft:#fef1f0;--amber:#8a5300;--amber-soft:#fff6e0;--grey-soft:#eef1f5;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--blue)}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
h1{font-size:1.5rem;margin:0 0 4px;color:var(--ink)}h2{font-size:1.1rem;margin:0 0 12px;color:var(--ink)}
.top{background:var(--ink);color:#cdd6e6}.top .in{display:flex;align-items:center;gap:10px 24px;flex-wrap:wrap;padding:12px 28px;max-width:1280px;margin:0 auto}
.brand{display:flex;align-items:center;gap:10px;color:#fff;font-weight:700;text-decoration:none;font-size:16px}.brand i{width:26px;height:26px;border-radius:7px;background:var(--blue);box-shadow:inset 0 0 0 6px #3b6cf0}
.top nav{display:flex;gap:4px;flex-wrap:wrap}.top nav a{color:#cdd6e6;text-decoration:none;padding:6px 12px;border-radius:8px;font-weight:600}.top nav a:hover,.top nav a[aria-current]{background:#24365e;color:#fff}
.top form{margin-left:auto}.top button{font:inherit;background:none;border:1px solid #3b4b70;color:#cdd6e6;border-radius:8px;padding:4px 12px;cursor:pointer}
main{max-width:1280px;margin:0 auto;padding:24px 28px 48px}
.head{display:flex;justify-content:space-between;align-items:flex-end;gap:12px 24px;flex-wrap:wrap;margin-bottom:18px}.head p{margin:0;color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:20px 22px;margin-bottom:20px}
.stats{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin-bottom:20px}.stats div{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px}.stats strong{display:block;font-size:1.6rem;color:var(--ink);line-height:1.2}.stats span{color:var(--muted);font-size:13px}
.btn{display:inline-flex;align-items:center;gap:6px;font:inherit;font-weight:600;border:1.5px solid #c9d0dc;background:#fff;color:var(--ink);border-radius:9px;padding:7px 14px;text-decoration:none;cursor:pointer;white-space:nowrap}.btn:hover{border-color:var(--blue);color:var(--blue)}.btn.primary{background:var(--blue);border-color:var(--blue);color:#fff}.btn.primary:hover{background:#1e3a8a;color:#fff}
.actions{display:flex;gap:8px;flex-wrap:wrap}
.filters{display:grid;grid-template-columns:2fr 1fr 1fr 1fr 1fr 1fr auto;gap:12px;align-items:end}.filters>div{display:flex;flex-direction:column;gap:4px}.filters label{font-size:13px;font-weight:600;color:var(--ink)}
.filters input,.filters select,.login input{font:inherit;font-weight:400;border:1.5px solid #c9d0dc;border-radius:8px;padding:7px 9px;background:#fff;color:var(--text);width:100%;min-width:0}
.filters>div.go{flex-direction:row;gap:8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top;font-size:14px}thead th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:var(--grey-soft)}
.records td.when{white-space:nowrap}.records td.page{max-width:260px;overflow-wrap:anywhere}.records tr:hover td{background:#fafbfd}
.scroll{overflow-x:auto}
.pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:700;white-space:nowrap}
.ev-given{background:var(--green-soft);color:var(--green)}.ev-refused{background:var(--red-soft);color:var(--red)}.ev-updated{background:var(--blue-soft);color:var(--blue)}.ev-withdrawn{background:var(--amber-soft);color:var(--amber)}.ev-erased{background:var(--grey-soft);color:var(--muted)}
.p{display:inline-block;border-radius:6px;padding:0 7px;margin:1px 2px 1px 0;font-size:12.5px;white-space:nowrap}.p.on{background:var(--green-soft);color:var(--green)}.p.off{background:var(--red-soft);color:var(--red)}
.status{font-weight:700;font-size:13px;white-space:nowrap}.status.ok{color:var(--green)}.status.bad{color:var(--red)}.status.erased{color:var(--muted)}
.pager{display:flex;justify-content:space-between;align-items:center;margin-top:14px;color:var(--muted);font-size:14px}
.empty{color:var(--muted);text-align:center;padding:24px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:12px;padding:12px 14px 6px;background:#fcfdfe}.chart figcaption{display:flex;gap:8px;align-items:baseline;margin-bottom:4px}.chart figcaption span{color:var(--green);font-weight:700}.chart figcaption small{color:var(--muted);margin-left:auto}
.chart svg{display:block;width:100%;height:auto}.chart .g{fill:#12805c}.chart .r{fill:#e8a29b}.chart .none{fill:#cfd5df}.chart .grid{stroke:#e3e7ee;stroke-width:1}.chart .axis{font-size:10px;fill:#6b7486}
.legend{font-size:13px;color:var(--muted);display:flex;align-items:center;gap:6px;flex-wrap:wrap}.key{display:inline-block;width:12px;height:12px;border-radius:3px}.key.g{background:#12805c}.key.r{background:#e8a29b;margin-left:10px}.key.none{background:#cfd5df;margin-left:10px}
.chart-data summary{cursor:pointer;color:var(--blue);font-size:14px}.chart-data table{margin-top:8px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:8px 20px;margin:0}dl.kv dt{font-weight:600;color:var(--ink)}dl.kv dd{margin:0;overflow-wrap:anywhere}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:20px;margin-bottom:20px}.grid2>.card{margin-bottom:0}
.checks{list-style:none;padding:0;margin:0;display:grid;gap:8px}.checks li{display:flex;gap:10px;align-items:flex-start}.checks b{flex:none;width:22px;height:22px;border-radius:50%;display:grid;place-items:center;font-size:13px;color:#fff}.checks .ok b{background:var(--green)}.checks .bad b{background:var(--red)}.checks .na b{background:#9aa3b2}.checks small{display:block;color:var(--muted)}
pre{background:#0f172a;color:#dbe4f5;border-radius:10px;padding:12px 14px;overflow-x:auto;font-size:12.5px;line-height:1.5;margin:8px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.notice-text{white-space:pre-wrap;background:var(--grey-soft);border-radius:10px;padding:12px 14px;margin:8px 0 0;font-size:14px}.notice-text .link{text-decoration:underline}.notice-text .href{color:var(--muted);overflow-wrap:anywhere}
.chain+dl{margin-top:16px}.notice-src{margin-top:8px;font-size:13px;color:var(--muted)}.notice-src pre{margin-top:4px}.chain{display:flex;align-items:stretch;gap:8px;flex-wrap:wrap}.chain a,.chain span.here{flex:1 1 160px;border:1px solid var(--line);border-radius:10px;padding:10px 12px;text-decoration:none;color:var(--text);font-size:13px;background:#fff}.chain span.here{border:2px solid var(--blue);background:var(--blue-soft)}.chain strong{display:block;color:var(--ink)}
.banner{border-radius:12px;padding:14px 18px;margin-bottom:20px;font-weight:600}.banner.ok{background:var(--green-soft);color:var(--green);border:1px solid #b5e3cc}.banner.bad{background:var(--red-soft);color:var(--red);border:1px solid #f5c2bd}
.login{max-width:440px;margin:60px auto}.login form{display:grid;gap:12px}.login p{color:var(--muted)}
.err{color:var(--red);font-weight:600}
@media (max-width:1000px){.stats{grid-template-columns:repeat(3,1fr)}.filters{grid-template-columns:1fr 1fr}.grid2{grid-template-columns:1fr}}
@media (max-width:640px){main{padding:16px}.top .in{padding:10px 16px}.stats{grid-template-columns:1fr 1fr}.filters{grid-template-columns:1fr}dl.kv{grid-template-columns:1fr;gap:2px}dl.kv dd{margin-bottom:8px}.records .hide-s{display:none}table.records thead{display:none}table.records tr{display:grid;grid-template-columns:1fr auto;gap:4px 12px;padding:10px 0;border-bottom:1px solid var(--line)}table.records td{border:0;padding:0}table.records .st{grid-row:1;grid-column:2}table.records .ev,table.records .pu{grid-column:1/-1}table.records .ev br{display:none}table.records .ev small{margin-left:8px}.head{align-items:flex-start}}
`;
