// The Share button: copies the link to what is on screen (clipboard, or a selected field to copy
// by hand where the clipboard is refused) and says so for a moment.

import { useEffect, useRef, useState } from 'react';
import { shareUrl } from '../state/url-sync';

const MESSAGE_MS = 2500;

export function ShareButton() {
  const [message, setMessage] = useState<string | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const hide = useRef<ReturnType<typeof setTimeout> | null>(null);

  const say = (text: string) => {
    setMessage(text);
    if (hide.current) clearTimeout(hide.current);
    hide.current = setTimeout(() => setMessage(null), MESSAGE_MS);
  };
  useEffect(() => () => void (hide.current && clearTimeout(hide.current)), []);

  // The fallback field: select it and try the legacy copy command.
  useEffect(() => {
    const el = field.current;
    if (!manual || !el) return;
    el.focus();
    el.select();
    let copied: boolean;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    if (copied) say('Link copied');
  }, [manual]);

  const share = async () => {
    const url = shareUrl();
    if (!url) {
      say('Too large for a link: export the scenario as JSON instead');
      return;
    }
    setManual(null);
    try {
      await navigator.clipboard.writeText(url);
      say('Link copied');
    } catch {
      setManual(url);
      say('Copy the selected link (Ctrl+C)');
    }
  };

  return (
    <div className="share">
      <button
        type="button"
        className="btn"
        onClick={() => void share()}
        title="Copy a link to this scenario and view"
        data-testid="share"
      >
        Share
      </button>
      {message && (
        <span className="share-message" role="status" data-testid="share-message">
          {message}
        </span>
      )}
      {manual && (
        <div className="share-manual">
          <input
            ref={field}
            readOnly
            value={manual}
            aria-label="Link to this view"
            data-testid="share-url"
            onBlur={() => setManual(null)}
          />
        </div>
      )}
    </div>
  );
}
