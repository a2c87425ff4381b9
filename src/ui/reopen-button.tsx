/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from './h';

/** The permanent way back (CNIL: withdrawing must be as easy as consenting). */
export function ReopenButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    // Named by its title alone: an aria-label too would make screen readers say it twice (the
    // title then becomes its description, HTML-AAM accessible name computation).
    <button type="button" class="re" title={label} onClick={onClick}>
      <i aria-hidden="true" />
    </button>
  );
}
