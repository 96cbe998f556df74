/**
 * @module @livespan/ui
 *
 * The livespan Dev UI: a live trace list and trace view over the server's
 * REST and SSE API (docs/api.md). Built by Vite to static files.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSession } from './api/access';
import { App } from './app';
import './styles/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('livespan: #root element missing from index.html');
void loadSession();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
