import type { StreamCommand, StreamReport } from './protocol';
import { DeliveryWindow, retrieveSeries } from './retrieveSeries';

/** The worker's global scope, as far as this worker uses it (the DOM library types `self` as a Window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<StreamCommand>) => void) | null;
  postMessage(report: StreamReport, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope; // see WorkerScope
let window: DeliveryWindow | undefined;

scope.onmessage = ({ data: command }) => {
  if (command.kind === 'taken') {
    window?.taken(command.bytes);
    return;
  }
  if (window) return; // one retrieve per worker
  window = new DeliveryWindow(command.windowBytes);
  void retrieveSeries(command, (report, transfer) => scope.postMessage(report, transfer ?? []), window);
};
