import { useTokenRequired } from './api/access';
import { ComparePage } from './compare/compare-page';
import { TokenPrompt } from './components/token-prompt';
import { TopBar } from './components/top-bar';
import { FlowsPage } from './flows/flows-page';
import { useTraceList } from './hooks/use-trace-list';
import { ImportDropZone } from './import/import-drop-zone';
import { ImportPanel } from './import/import-panel';
import { matchRoute, navigate, usePathname, useSearch } from './routing/navigation';
import { useListFilter } from './routing/use-list-filter';
import { TracePage } from './trace/trace-page';
import { TraceListPage } from './traces/trace-list-page';
import './app.css';

/**
 * The Dev UI shell. The trace list stays subscribed on every page, so going
 * back to it is instant and the connection indicator always means something.
 */
export function App() {
  const search = useSearch();
  const route = matchRoute(usePathname(), search);
  const [filter, setFilter] = useListFilter(route.page === 'traces', search);
  const list = useTraceList(filter);
  const tokenRequired = useTokenRequired();
  const tab = route.page === 'flows' ? 'flows' : route.page === 'not-found' ? undefined : 'traces';
  return (
    <div className="app">
      <TopBar tab={tab} />
      <main className="app-main">
        {route.page === 'traces' && <TraceListPage list={list} filter={filter} onFilter={setFilter} />}
        {route.page === 'trace' && <TracePage key={route.traceId} traceId={route.traceId} />}
        {route.page === 'flows' && <FlowsPage />}
        {route.page === 'compare' && <ComparePage key={`${route.a} ${route.b}`} a={route.a} b={route.b} />}
        {route.page === 'not-found' && (
          <div className="not-found">
            <p>Nothing here.</p>
            <button type="button" onClick={() => navigate('/')}>
              Go to traces
            </button>
          </div>
        )}
      </main>
      <ImportDropZone />
      <ImportPanel />
      {tokenRequired && <TokenPrompt />}
    </div>
  );
}
