/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from './h';

/** The permanent way back (CNIL: withdrawing must be as easy as consenting). */
export function ReopenButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="re" aria-label={label} title={label} onClick={onClick}>
      <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
        <path d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5Zm-3 8a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm5 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z" />
      </svg>
    </button>
  );
}
