/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from './h';

/** The permanent way back (CNIL: withdrawing must be as easy as consenting). */
export function ReopenButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="re" aria-label={label} title={label} onClick={onClick}>
      <i aria-hidden="true" />
    </button>
  );
}
