/**
 * The widget's stylesheet, adopted by its shadow root (constructable stylesheets are not
 * blocked by a strict CSP, unlike <style> or style attributes). Themed by custom properties.
 * Contrast (WCAG 2.1 AA 1.4.3 / 1.4.11): every text ≥ 4.5:1 and every control border ≥ 3:1 in
 * both themes; checked by axe in test/browser/banner-a11y.test.ts.
 */
export const css = `
:host{all:initial;--a:var(--cachet-accent,#0b57d0);--on-a:var(--cachet-on-accent,#fff);--bg:var(--cachet-bg,#fff);--fg:var(--cachet-fg,#1b1b1f);--mut:var(--cachet-muted,#45464f);--line:#75777f;--r:var(--cachet-radius,10px);--sh:0 8px 32px rgba(0,0,0,.22)}
@media (prefers-color-scheme:dark){:host([data-mode=auto]){--a:var(--cachet-accent-dark,#a8c7fa);--on-a:#062e6f;--bg:#1e1f23;--fg:#e4e2e6;--mut:#c6c6d0;--line:#909099}}
:host([data-mode=dark]){--a:var(--cachet-accent-dark,#a8c7fa);--on-a:#062e6f;--bg:#1e1f23;--fg:#e4e2e6;--mut:#c6c6d0;--line:#909099}
*{box-sizing:border-box}
.w{font:15px/1.5 var(--cachet-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--fg);-webkit-font-smoothing:antialiased}
.b{position:fixed;z-index:2147483000;left:16px;right:16px;bottom:16px;margin:0 auto;max-width:980px;background:var(--bg);border-radius:var(--r);box-shadow:var(--sh);padding:20px 24px;display:grid;gap:14px;max-height:calc(100vh - 32px);overflow:auto;outline:none}.b:focus{outline:none}
.p-top .b{top:16px;bottom:auto}.p-bottom-left .b{right:auto;max-width:440px}.p-bottom-right .b{left:auto;max-width:440px}
.p-center .b{top:50%;bottom:auto;transform:translateY(-50%);max-width:560px}
.hd{display:flex;gap:12px;align-items:flex-start;justify-content:space-between;flex-wrap:wrap}
h2{margin:0;font-size:1.15em;line-height:1.3;font-weight:650}
p{margin:0;color:var(--mut);overflow-wrap:break-word}
a{color:var(--a);text-underline-offset:2px}
.x{background:none;border:0;padding:2px 0;color:var(--fg);font:inherit;font-size:.9em;text-decoration:underline;text-underline-offset:3px;cursor:pointer;margin-left:auto}
.x:hover{color:var(--a)}
.acts{display:flex;flex-wrap:wrap;gap:10px}
.btn{flex:1 1 0;min-width:max-content;min-height:44px;padding:10px 18px;border-radius:calc(var(--r) * .7);border:2px solid var(--a);background:var(--a);color:var(--on-a);font:inherit;font-weight:600;cursor:pointer}
.btn:hover{filter:brightness(1.08)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.btn:focus-visible{outline-color:var(--fg)}
dialog{border:0;padding:0;background:var(--bg);color:var(--fg);border-radius:var(--r);box-shadow:var(--sh);width:min(600px,calc(100vw - 24px));max-height:min(88vh,760px);overflow:hidden}
dialog::backdrop{background:rgba(10,10,20,.55)}
.dlg{display:flex;flex-direction:column;max-height:min(88vh,760px)}
.dlg .hd{padding:20px 24px 0}
.sc{overflow:auto;padding:8px 24px 8px;display:grid;gap:4px}
.pu{border-top:1px solid color-mix(in srgb,var(--line) 45%,transparent);padding:14px 0;display:grid;gap:4px}
.pu:first-of-type{border-top:0}
.row{display:flex;align-items:center;justify-content:space-between;gap:16px}
.row label{font-weight:600}
.sm{font-size:.88em}
.ft{padding:14px 24px 20px;border-top:1px solid color-mix(in srgb,var(--line) 45%,transparent)}
.on{font-size:.85em;font-weight:600;color:var(--mut)}
input[role=switch]{appearance:none;-webkit-appearance:none;margin:0;flex:none;width:46px;height:26px;border-radius:13px;border:2px solid var(--line);background:var(--bg);position:relative;cursor:pointer}
input[role=switch]::before{content:"";position:absolute;top:3px;left:3px;width:16px;height:16px;border-radius:50%;background:var(--line)}
input[role=switch]:checked{background:var(--a);border-color:var(--a)}
input[role=switch]:checked::before{left:23px;background:var(--on-a)}
.re{position:fixed;z-index:2147482999;left:16px;bottom:16px;width:44px;height:44px;border-radius:50%;border:2px solid var(--bg);background:var(--a);color:var(--on-a);box-shadow:var(--sh);cursor:pointer;display:grid;place-items:center;padding:0}
.re svg{width:24px;height:24px}
@media (max-width:600px){.b{left:8px;right:8px;bottom:8px;padding:16px}.acts{flex-direction:column}.btn{width:100%}.p-center .b,.p-bottom-left .b,.p-bottom-right .b{max-width:none}}
@media (prefers-reduced-motion:no-preference){.b{animation:in .18s ease-out}dialog[open]{animation:in .18s ease-out}}
@keyframes in{from{opacity:0;translate:0 12px}to{opacity:1;translate:0 0}}
`;
