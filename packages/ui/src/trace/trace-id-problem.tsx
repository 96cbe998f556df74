import { navigate } from '../routing/navigation';

/** A trace URL whose id cannot be a trace id: say so, and open no stream for it. */
export function TraceIdProblem({ message }: { message: string }) {
  return (
    <section className="trace-message trace-id-problem" role="alert" aria-label="Not a trace id">
      <h2>Not a trace</h2>
      <p className="trace-id-problem-text">{message}</p>
      <button type="button" className="back-button" onClick={() => navigate('/')}>
        ← All traces
      </button>
    </section>
  );
}
