// Makes real TC strings (IAB TCF v2 core string) with IAB's own encoder, @iabtcf/core, for core's TCF tests.
// The output is committed, so the build never needs npm; run this again only to change the fixtures:
//   npm install && npm run generate   (@iabtcf/core is pinned to 1.5.6 and has no dependencies)
// Dates are fixed so the output is the same on every run.
import { writeFileSync } from 'node:fs';
import { GVL, Segment, TCModel, TCString } from '@iabtcf/core';

const out = process.argv[2];
if (!out) {
  throw new Error('usage: node generate.mjs OUTPUT.json');
}

// A small vendor list: the 11 purposes, 2 special purposes, 3 features, 2 special features of TCF v2.2 and two
// vendors. The encoder needs one to know which ids exist; the texts are not part of a TC string.
const ids = (n) => Array.from({ length: n }, (_, i) => i + 1);
const entries = (n, kind) => Object.fromEntries(ids(n).map((id) => [String(id), {
  id, name: `${kind} ${id}`, description: `${kind} ${id}`, illustrations: [],
}]));
const vendor = (id, purposes, legIntPurposes) => ({
  id, name: `Vendor ${id}`, purposes, legIntPurposes, flexiblePurposes: [], specialPurposes: [1],
  features: [], specialFeatures: [], cookieMaxAgeSeconds: 31536000, usesCookies: true,
  cookieRefresh: false, usesNonCookieAccess: false, deviceStorageDisclosureUrl: null,
  urls: [{ langId: 'en', privacy: 'https://vendor.example/privacy', legIntClaim: 'https://vendor.example/li' }],
});
const vendorList = {
  gvlSpecificationVersion: 3,
  vendorListVersion: 60,
  tcfPolicyVersion: 5,
  lastUpdated: '2026-10-01T16:00:00Z',
  purposes: entries(11, 'Purpose'),
  specialPurposes: entries(2, 'Special purpose'),
  features: entries(3, 'Feature'),
  specialFeatures: entries(2, 'Special feature'),
  stacks: {},
  dataCategories: {},
  vendors: {
    '755': vendor(755, [1, 2, 3, 4, 7, 8, 9, 10], [2, 7, 8, 9, 10]),
    '1126': vendor(1126, [1, 8, 9], [10]),
  },
};

const UPDATED = new Date('2026-11-01T09:30:00Z');

function encode({ purposes = [], legitimateInterests = [], specialFeatures = [], publisherPurposes = null,
  updated = UPDATED, purposeOneTreatment = false }) {
  const model = new TCModel(new GVL(vendorList));
  model.cmpId = 10;
  model.cmpVersion = 2;
  model.consentScreen = 1;
  model.publisherCountryCode = 'DE';
  model.isServiceSpecific = true;
  model.purposeOneTreatment = purposeOneTreatment;
  model.purposeConsents.set(purposes);
  model.purposeLegitimateInterests.set(legitimateInterests);
  model.specialFeatureOptins.set(specialFeatures);
  model.vendorConsents.set([755, 1126]);
  model.vendorLegitimateInterests.set([755]);
  model.created = updated;
  model.lastUpdated = updated;
  const segments = [Segment.CORE];
  if (publisherPurposes) {
    model.publisherConsents.set(publisherPurposes);
    segments.push(Segment.PUBLISHER_TC);
  }
  return TCString.encode(model, { segments });
}

const all = ids(11);
const fixtures = {
  allPurposes: encode({ purposes: all, specialFeatures: [1, 2] }),
  analyticsOnly: encode({ purposes: [1, 8, 9] }),
  advertisingOnly: encode({ purposes: [1, 2, 3, 4] }),
  preferencesOnly: encode({ purposes: [1, 5, 6] }),
  everythingButPurposeOne: encode({ purposes: ids(11).slice(1), specialFeatures: [1, 2] }),
  purposeOneOnly: encode({ purposes: [1] }),
  analyticsWithoutPurpose9: encode({ purposes: [1, 8] }),
  legitimateInterestOnly: encode({ legitimateInterests: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }),
  consentOneAndLegitimateInterestRest: encode({ purposes: [1], legitimateInterests: [2, 3, 4, 5, 6, 7, 8, 9, 10] }),
  rejectAll: encode({}),
  allPurposesNoSpecialFeatures: encode({ purposes: all }),
  // The publisher's own segment grants more than the core string; only the core string counts.
  publisherSegment: encode({ purposes: [1, 8, 9], publisherPurposes: all }),
  // Purpose one treatment: purpose 1 was not disclosed, so its consent bit is 0.
  purposeOneTreatment: encode({ purposes: ids(11).slice(1), purposeOneTreatment: true }),
  // Last updated more than 13 months before the tests' clock (2026-11-25).
  staleAllPurposes: encode({ purposes: all, updated: new Date('2025-06-01T09:30:00Z') }),
};

writeFileSync(out, JSON.stringify({
  generator: '@iabtcf/core 1.5.6 (core/src/test/tcf-fixtures/generate.mjs)',
  tcfPolicyVersion: vendorList.tcfPolicyVersion,
  lastUpdated: UPDATED.toISOString(),
  strings: fixtures,
}, null, 2) + '\n');
console.log(`wrote ${Object.keys(fixtures).length} TC strings to ${out}`);
