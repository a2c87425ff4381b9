/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { h } from './h';

/** The permanent way back (CNIL: withdrawing must be as easy as consenting). */
export function ReopenButton({
  label,
  onClick,
  onWarm,
}: {
  label: string;
  onClick: () => void;
  /**
   * A pointer is on it: the dialog's file can be fetched already. Not on focus: a decision in the
   * banner puts focus here, and most visitors who decide never open the preferences.
   */
  onWarm: () => void;
}) {
  return (
    // Named by its title alone: an aria-label too would make screen readers say it twice (the
    // title then becomes its description, HTML-AAM accessible name computation).
    <button type="button" class="re" title={label} onClick={onClick} onPointerEnter={onWarm}>
      <i aria-hidden="true" />
    </button>
  );
}
