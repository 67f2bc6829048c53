import { useStore } from '../state/store';
import { problemHeadline } from './problemHeadline';

/** What was wrong with the input, field by field. Text only: never rendered as HTML. */
export function ProblemBanner() {
  const problems = useStore((s) => s.problems);
  const dismiss = useStore((s) => s.dismissProblems);
  if (!problems.length) return null;
  const shown = problems.slice(0, 8);
  return (
    <div className="banner" role="alert">
      <strong>{problemHeadline(problems)}</strong>
      <ul>
        {shown.map((p, i) => (
          <li key={i}>
            <code>{p.path || 'scenario'}</code>: {p.message}
          </li>
        ))}
        {problems.length > shown.length && <li>…and {problems.length - shown.length} more</li>}
      </ul>
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
