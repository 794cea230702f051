import { ExecutionManager, type ExecutionManagerOptions } from '../src/execution/execution-manager';
import { FakeExchange } from './fake-exchange';

export async function setup(opts: Partial<ExecutionManagerOptions> = {}, ex = new FakeExchange()) {
  const em = new ExecutionManager({ api: ex, ...opts });
  await em.init();
  return { ex, em };
}
