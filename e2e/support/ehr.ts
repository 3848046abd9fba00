import { expect, type Page } from '@playwright/test';
import { fhirIdFor } from '../../scripts/ehr/fhir-resources.mjs';
import type { CorpusPerson } from './corpus';

/** The test EHR of scripts/ehr (started by the global setup): chart picker, authorization server, FHIR endpoint. */
export const EHR = 'http://127.0.0.1:18100';

/**
 * The clinician opens a chart in the test EHR, clicks "Open images", and allows access.
 * `mayStoreResults: false` launches with read access only (no write scope for the archives).
 */
export async function launchFromEhr(
  page: Page,
  viewer: string,
  options: { person?: CorpusPerson; studyUid?: string; ttlS?: number; mayStoreResults?: boolean } = {},
): Promise<void> {
  await page.goto(`${EHR}/ehr/?viewer=${encodeURIComponent(viewer)}`);
  await page.getByLabel('Patient').selectOption(fhirIdFor('patient', options.person ?? 'carol'));
  if (options.studyUid) await page.getByLabel('Study in context').selectOption(options.studyUid);
  if (options.ttlS) await page.getByLabel('Access token lifetime (seconds)').fill(String(options.ttlS));
  if (options.mayStoreResults === false) await page.getByLabel('Reader may store results').uncheck();
  await page.getByRole('button', { name: 'Open images' }).click();
  // The authorization server's sign-in and consent page names the launch patient.
  await expect(page.getByTestId('consent-patient')).toContainText('LONGVIEW, CAROL');
  await page.getByRole('button', { name: 'Allow' }).click();
}
