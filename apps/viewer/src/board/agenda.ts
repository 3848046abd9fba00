import type { SharedCase, SharedSession } from '@longview/shared-view';
import { useBoardStore } from './boardStore';
import { currentReading } from './readingHandle';
import { isCaseOf } from './sharedCase';
import { navigationToCase, type SharedNavigation } from './sharedNavigation';

/** The agenda with the case on screen saved into its place (so stepping back returns to it as left). */
function agendaWithCurrentSaved(agenda: SharedSession): SharedSession {
  const current = currentReading()?.capture();
  if (!current) return agenda;
  const index = agenda.cases.findIndex((c) => isCaseOf(c, current.archiveId, current.studyUid));
  return index < 0 ? agenda : { ...agenda, cases: agenda.cases.map((c, i) => (i === index ? current : c)) };
}

/** Opens case `index` of the agenda with its prepared view; returns the navigation to it. */
export function openAgendaCase(index: number): SharedNavigation | undefined {
  const { agenda, setAgenda } = useBoardStore.getState();
  if (!agenda) return undefined;
  const saved = agendaWithCurrentSaved(agenda);
  const next = saved.cases[index];
  if (!next) return undefined;
  setAgenda({ ...saved, activeCase: index });
  return navigationToCase(next);
}

/** Puts the study on screen on the agenda as it looks now (or updates its prepared view). */
export function addCurrentToAgenda(): void {
  const current = currentReading()?.capture();
  if (!current) return;
  const { agenda, setAgenda } = useBoardStore.getState();
  const cases: SharedCase[] = agenda ? [...agenda.cases] : [];
  const index = cases.findIndex((c) => isCaseOf(c, current.archiveId, current.studyUid));
  if (index >= 0) cases[index] = current;
  else cases.push(current);
  setAgenda({ cases, activeCase: index >= 0 ? index : cases.length - 1 });
}

/** Takes the study on screen off the agenda; the agenda goes when its last case does. */
export function removeCurrentFromAgenda(): void {
  const reading = currentReading();
  const { agenda, setAgenda } = useBoardStore.getState();
  if (!reading || !agenda) return;
  const cases = agenda.cases.filter((c) => !isCaseOf(c, reading.archiveId, reading.studyUid));
  setAgenda(cases.length > 0 ? { cases, activeCase: Math.min(agenda.activeCase, cases.length - 1) } : undefined);
}

/** The agenda case before or after the one on screen (none at either end, or without an agenda). */
export function stepAgenda(direction: -1 | 1): SharedNavigation | undefined {
  const reading = currentReading();
  const { agenda } = useBoardStore.getState();
  if (!reading || !agenda) return undefined;
  const position = agenda.cases.findIndex((c) => isCaseOf(c, reading.archiveId, reading.studyUid));
  // Off the agenda, either key goes back to its active case.
  return openAgendaCase(position < 0 ? agenda.activeCase : position + direction);
}
