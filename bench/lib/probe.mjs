// The in-page probe, installed before any page script (Playwright init script). It records, on
// the page's own clock (performance.now(), 0 = navigation start):
// - `shown`: the first animation frame in which the widget's first layer is rendered (connected,
//   not display:none / visibility:hidden / opacity:0, non-empty box inside the viewport);
// - long tasks and layout shifts (PerformanceObserver, buffered);
// - `click`: the timestamp of the trusted click on "refuse all", and `gone`: the first frame
//   where the first layer is no longer rendered.
// It talks to Node through console.debug lines, so Node never evaluates script in the page
// while the page is being measured (page.evaluate would count as script time).

/* global window, document, performance, requestAnimationFrame, PerformanceObserver, innerWidth, innerHeight */
function probe(find, settleMs) {
  const B = { lt: [], cls: 0, shown: null, ready: null, click: null, gone: null, error: null };
  window.__bench = B;
  const observe = (type, fn) => {
    try {
      new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch (e) {
      B.error = String(e);
    }
  };
  observe('longtask', (e) => B.lt.push([e.startTime, e.duration]));
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) B.cls += e.value;
  });
  const rendered = (el) => {
    if (!el?.isConnected) return false;
    if (
      el.checkVisibility &&
      !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    )
      return false;
    const r = el.getBoundingClientRect();
    return (
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < innerHeight &&
      r.left < innerWidth
    );
  };
  const look = () => {
    try {
      return rendered(find());
    } catch {
      return false;
    }
  };
  const ready = () => {
    if (B.ready !== null) return;
    const go = () =>
      setTimeout(() => {
        B.ready = performance.now();
        console.debug('__bench:ready');
      }, settleMs);
    if (document.readyState === 'complete') go();
    else window.addEventListener('load', go, { once: true });
  };
  const waitShown = () => {
    if (look()) {
      B.shown = performance.now();
      ready();
    } else requestAnimationFrame(waitShown);
  };
  const waitGone = () => {
    if (!look()) {
      B.gone = performance.now();
      console.debug('__bench:gone');
    } else requestAnimationFrame(waitGone);
  };
  if (find) requestAnimationFrame(waitShown);
  else ready();
  window.addEventListener(
    'click',
    (e) => {
      if (e.isTrusted && B.click === null && B.ready !== null) {
        B.click = e.timeStamp;
        requestAnimationFrame(waitGone);
      }
    },
    true,
  );
}

/** The init-script source for one widget (`find` is the source of a page-side function or null). */
export function probeScript(find, settleMs = 300) {
  return `(${probe.toString()})(${find ?? 'null'}, ${settleMs});`;
}
