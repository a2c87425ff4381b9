/** The live preview: an iframe running the real widget with the draft, at a real viewport width. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CachetConfig } from '../../src/config/types';

/** What the preview shows. */
export interface PreviewOptions {
  config: CachetConfig;
  lang: string;
  view: 'banner' | 'prefs' | 'form';
  scheme: 'light' | 'dark';
  width: 'desktop' | 'mobile';
  /** Form profile shown in the `form` view. */
  profile: string;
}

/** The message the preview page (preview.ts) listens for. */
export interface PreviewMessage extends Omit<PreviewOptions, 'width'> {
  type: 'cachet-preview';
}

const SIZES = { desktop: [1280, 800], mobile: [375, 740] } as const;

/** Renders the preview iframe, scaled to the pane, and sends it every change (debounced). */
export function PreviewFrame(props: PreviewOptions) {
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [boxWidth, setBoxWidth] = useState(640);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.source === frame.current?.contentWindow && e.data?.type === 'cachet-preview-ready')
        setReady(true);
    };
    addEventListener('message', onMessage);
    const ro = new ResizeObserver(([entry]) => setBoxWidth(entry.contentRect.width));
    if (box.current) ro.observe(box.current);
    return () => {
      removeEventListener('message', onMessage);
      ro.disconnect();
    };
  }, []);

  const { config, lang, view, scheme, profile } = props;
  useEffect(() => {
    if (!ready) return;
    // Debounced: typing re-renders the widget at most every 150 ms.
    const t = setTimeout(() => {
      const msg: PreviewMessage = { type: 'cachet-preview', config, lang, view, scheme, profile };
      frame.current?.contentWindow?.postMessage(msg, location.origin);
    }, 150);
    return () => clearTimeout(t);
  }, [ready, config, lang, view, scheme, profile]);

  const [w, h] = SIZES[props.width];
  const scale = Math.min(1, boxWidth / w);
  return (
    <div
      class={`frame-box ${props.width}`}
      ref={box}
      style={{ height: `${Math.round(h * scale)}px` }}
    >
      <iframe
        ref={frame}
        src="preview.html"
        title={`Preview: ${view}, ${lang}, ${scheme}, ${props.width}`}
        width={w}
        height={h}
        style={{ transform: `scale(${scale})` }}
      />
    </div>
  );
}
