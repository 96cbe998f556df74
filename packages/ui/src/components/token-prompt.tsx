import { type FormEvent, useState } from 'react';
import { submitToken } from '../api/access';
import './token-prompt.css';

/**
 * Asks for the server's access token once. The server checks it and keeps it
 * in an HttpOnly cookie; the page then reloads, so every query and stream
 * starts again with access.
 */
export function TokenPrompt() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    submitToken(token.trim()).then(
      (outcome) => {
        if (outcome === 'ok') window.location.reload();
        else {
          setBusy(false);
          setError('That token is not the one this server requires.');
        }
      },
      (cause: unknown) => {
        setBusy(false);
        setError(cause instanceof Error ? cause.message : String(cause));
      },
    );
  };

  return (
    <div className="token-prompt" role="dialog" aria-modal="true" aria-labelledby="token-prompt-title">
      <form className="token-prompt-form" onSubmit={onSubmit}>
        <h2 id="token-prompt-title">Access token</h2>
        <p>This livespan server requires its access token (LIVESPAN_TOKEN). Ask whoever runs it.</p>
        <input
          type="password"
          name="token"
          autoComplete="current-password"
          aria-label="Access token"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
        {error && (
          <p className="token-prompt-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || token.trim() === ''}>
          Continue
        </button>
      </form>
    </div>
  );
}
