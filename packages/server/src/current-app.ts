import { type AppStatus, NO_APP } from './app-status.js';
import { publish } from './live-events.js';
import type { LiveHub } from './live-hub.js';

/** The status of the app this server runs, as last reported by `livespan start`; each change goes out live. */
export class CurrentApp {
  private status: AppStatus = NO_APP;

  constructor(private readonly hub: LiveHub) {}

  get(): AppStatus {
    return this.status;
  }

  set(status: AppStatus): void {
    this.status = status;
    publish(this.hub, { stream: 'list', event: { type: 'app', app: status } });
  }
}
