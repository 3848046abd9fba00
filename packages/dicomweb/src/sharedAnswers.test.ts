import { describe, expect, it } from 'vitest';
import { RequestCancelled } from './errors';
import { SharedAnswers } from './sharedAnswers';

/** A fetch whose calls are counted and whose answer the test settles. */
function countedFetch<T>() {
  const calls: Array<{ resolve: (value: T) => void; reject: (error: unknown) => void }> = [];
  const fetch = () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, fetch };
}

describe('SharedAnswers', () => {
  it('asks once for callers that want the same answer, at once or later', async () => {
    const answers = new SharedAnswers<string>(4);
    const { calls, fetch } = countedFetch<string>();
    const first = answers.get('ct', fetch);
    const second = answers.get('ct', fetch);
    calls[0]?.resolve('metadata of the CT');
    await expect(first).resolves.toBe('metadata of the CT');
    await expect(second).resolves.toBe('metadata of the CT');
    await expect(answers.get('ct', fetch)).resolves.toBe('metadata of the CT');
    expect(calls).toHaveLength(1);
  });

  it('forgets a failed answer, so the next ask tries again', async () => {
    const answers = new SharedAnswers<string>(4);
    const { calls, fetch } = countedFetch<string>();
    const failing = answers.get('pet', fetch);
    calls[0]?.reject(new Error('archive down'));
    await expect(failing).rejects.toThrow('archive down');
    const retried = answers.get('pet', fetch);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve('metadata of the PET');
    await expect(retried).resolves.toBe('metadata of the PET');
  });

  it('cancels only the caller whose signal aborts', async () => {
    const answers = new SharedAnswers<string>(4);
    const { calls, fetch } = countedFetch<string>();
    const leaving = new AbortController();
    const left = answers.get('ct', fetch, leaving.signal);
    const staying = answers.get('ct', fetch, new AbortController().signal);
    leaving.abort();
    await expect(left).rejects.toBeInstanceOf(RequestCancelled);
    calls[0]?.resolve('metadata of the CT');
    await expect(staying).resolves.toBe('metadata of the CT');
    await expect(answers.get('ct', fetch, AbortSignal.abort())).rejects.toBeInstanceOf(RequestCancelled);
    expect(calls).toHaveLength(1);
  });

  it('keeps only the most recently wanted answers, and none once cleared', async () => {
    const answers = new SharedAnswers<string>(2);
    const { calls, fetch } = countedFetch<string>();
    void answers.get('a', fetch);
    void answers.get('b', fetch);
    void answers.get('a', fetch); // a is now the most recent
    void answers.get('c', fetch); // b goes
    expect(calls).toHaveLength(3);
    void answers.get('a', fetch);
    expect(calls).toHaveLength(3);
    void answers.get('b', fetch);
    expect(calls).toHaveLength(4);
    answers.clear();
    void answers.get('a', fetch);
    expect(calls).toHaveLength(5);
  });
});
