import { RequestCancelled } from './errors';

/**
 * Answers asked for by several parts of a page at once, fetched once. A PET/CT hung as CT, PET,
 * fusion and MIP wanted each series' metadata from the stack cells, the protocol's image facts,
 * the fusion, the SEG's geometry and the segment uptake: seven requests for two series, 5 MB of
 * JSON that the archive built and the page parsed seven times (issue 27's bench).
 *
 * The `size` most recent answers are kept (in flight or done); a failed one is forgotten at once,
 * so the next ask tries again. Each caller's signal cancels that caller's wait only: the request
 * goes on for the others and for whoever asks next.
 */
export class SharedAnswers<T> {
  private readonly answers = new Map<string, Promise<T>>();

  constructor(private readonly size: number) {}

  get(key: string, fetch: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new RequestCancelled());
    let answer = this.answers.get(key);
    if (answer) {
      this.answers.delete(key); // most recent last
    } else {
      answer = fetch();
      answer.catch(() => {
        if (this.answers.get(key) === answer) this.answers.delete(key);
      });
    }
    this.answers.set(key, answer);
    while (this.answers.size > this.size) this.answers.delete(this.answers.keys().next().value as string);
    return signal ? whileWanted(answer, signal) : answer;
  }

  /** Forgets every kept answer (the archive's content changed). */
  clear(): void {
    this.answers.clear();
  }
}

function whileWanted<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = () => reject(new RequestCancelled());
    signal.addEventListener('abort', cancel, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}
