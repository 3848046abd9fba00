/**
 * Boards for tests and benchmarks (`@longview/shared-view/testing`): outside src/, so nothing
 * that ships can import them (.dependency-cruiser.cjs, shipping-not-test-code).
 */
export { everyFieldSession } from './everyFieldSession';
export { demoSessionOf } from './demoSession';
