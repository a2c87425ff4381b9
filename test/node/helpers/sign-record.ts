/**
 * Test helper: sign schema-valid records like the widget (DESIGN.md "Records"). The code lives
 * in receiver/testing/ so benchmarks and `cachet-receiver sample` reuse it from the build.
 */
export {
  createRecordSigner,
  noticeHashOf,
  type RecordSigner,
  sampleRecord,
  signSample,
} from '../../../receiver/testing/sign-record';
