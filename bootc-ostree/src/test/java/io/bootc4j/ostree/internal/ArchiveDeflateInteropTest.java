package io.bootc4j.ostree.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.CommitSpec;
import io.bootc4j.ostree.Repo;
import io.bootc4j.ostree.RepoMode;
import io.bootc4j.ostree.RepoTransaction;
import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.TestTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archive repositories whose {@code .filez} streams come from libdeflate (the default) or from
 * zlib (forced by {@code bootc4j.deflate=zlib}) pass {@code ostree fsck} and check out, with
 * {@code ostree checkout}, to exactly the committed files: empty, one byte, incompressible, and
 * on both sides of libdeflate's size limit.
 */
@Interop("ostree")
class ArchiveDeflateInteropTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ArchiveDeflater.PROPERTY);
    }

    private Path sourceTree() throws IOException {
        Path src = TestTrees.everyKind(tmp.resolve("src"), 4);
        Path edge = Files.createDirectories(src.resolve("deflate-edges"));
        Files.write(edge.resolve("empty"), new byte[0]);
        Files.write(edge.resolve("one-byte"), new byte[] {7});
        Files.writeString(edge.resolve("text"), "ostree archive object\n".repeat(50_000), StandardCharsets.UTF_8);
        TestTrees.largeFile(edge.resolve("incompressible"), 3 << 20, 5);
        byte[] big = new byte[Math.toIntExact(ArchiveDeflater.WHOLE_BUFFER_LIMIT + 1)];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251 ^ i >>> 12);
        }
        Files.write(edge.resolve("at-limit"), java.util.Arrays.copyOf(big, big.length - 1));
        Files.write(edge.resolve("above-limit"), big);
        for (String f : new String[] {"empty", "one-byte", "text", "at-limit", "above-limit"}) {
            TestTrees.setMode(edge.resolve(f), 0644);
        }
        return src;
    }

    @ParameterizedTest
    @ValueSource(strings = {"libdeflate", "zlib"})
    void archiveCommittedByEitherCompressorPassesOstreeFsckAndChecksOutIdentical(String compressor) throws Exception {
        if (compressor.equals("zlib")) {
            System.setProperty(ArchiveDeflater.PROPERTY, "zlib");
        }
        try (ArchiveDeflater d = ArchiveDeflater.create(6)) {
            assertThat(d.usesLibdeflate()).as("libdeflate in use (libdeflate0 installed)")
                    .isEqualTo(compressor.equals("libdeflate"));
        }
        Path src = sourceTree();
        Path repoDir = tmp.resolve("repo");
        try (Repo repo = Repo.create(repoDir, RepoMode.ARCHIVE); RepoTransaction tx = repo.newTransaction(false)) {
            Checksum commit = tx.commit(CommitSpec.fromDirectory(src).subject(compressor)
                    .timestamp(Instant.ofEpochSecond(1_700_000_000L)).build());
            tx.setRef("main", commit);
            tx.complete();
        }
        OstreeCli ostree = new OstreeCli(repoDir);
        ostree.run("fsck").assertSuccess();
        Path theirs = tmp.resolve("theirs");
        ostree.run("checkout", "main", theirs.toString()).assertSuccess();
        TestTrees.assertSameTree(src, theirs);
    }
}
