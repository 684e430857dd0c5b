/**
 * Writes sqlite3-store.sqlite with the sqlite3 (@keyv/sqlite) adapter, as the bot did before it
 * moved to node:sqlite. Run it from a checkout of a commit that still has that adapter
 * (a2d5a14, the merge before issue 19), with this folder copied in (and
 * test/support/write-store-fixture.ts into test/support):
 *
 *   node test/store/migration/make-fixture.ts <out.sqlite>
 */
import { writeStoreFixture } from '../../support/write-store-fixture.ts';
import * as content from './content.ts';

await writeStoreFixture(process.argv[2], 'make-fixture.ts', content);
