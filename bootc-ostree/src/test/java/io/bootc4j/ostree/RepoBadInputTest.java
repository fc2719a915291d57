package io.bootc4j.ostree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootc4j.testing.Interop;
import io.bootc4j.testing.OstreeCli;
import io.bootc4j.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged repositories: each failure is a typed exception (or fsck problem) naming the
 * object or path, and nothing else in the repository changes.
 */
class RepoBadInputTest {

    @TempDir
    Path tmp;

    private Path repoDir() {
        return tmp.resolve("repo");
    }

    private Checksum commitSmallTree(RepoMode mode) throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("etc"));
        Files.writeString(src.resolve("etc/hostname"), "host\n");
        Files.writeString(src.resolve("data"), "x".repeat(5000));
        try (Repo repo = Repo.create(repoDir(), mode); RepoTransaction tx = repo.newTransaction()) {
            Checksum c = tx.commit(CommitSpec.fromDirectory(src).build());
            tx.setRef("main", c);
            tx.complete();
            return c;
        }
    }

    private static List<Path> snapshot(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo)) {
            return s.filter(p -> !p.getFileName().toString().equals(".lock")).sorted().toList();
        }
    }

    private Path objectOf(ObjectType type) throws IOException {
        try (Stream<Path> s = Files.walk(repoDir().resolve("objects"))) {
            return s.filter(p -> p.toString().endsWith("." + type.suffix()) || p.toString().endsWith("." + type.suffix() + "z"))
                    .findFirst().orElseThrow();
        }
    }

    private static Checksum checksumOf(Path object) {
        String n = object.getFileName().toString();
        return Checksum.parse(object.getParent().getFileName() + n.substring(0, n.indexOf('.')));
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x40;
        Files.write(file, b);
    }

    @Test
    void aFlippedByteInADirtreeIsReportedByFsckAndRefusedOnRead() throws IOException {
        commitSmallTree(RepoMode.BARE_USER);
        Path dirtree = objectOf(ObjectType.DIR_TREE);
        Checksum name = checksumOf(dirtree);
        flipByte(dirtree, 0);
        List<Path> before = snapshot(repoDir());
        try (Repo repo = Repo.open(repoDir())) {
            FsckResult r = repo.fsck();
            assertThat(r.problems()).anySatisfy(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(name, ObjectType.DIR_TREE));
                assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.CORRUPT);
            });
            assertThatThrownBy(() -> repo.readDirTree(name)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(name.toString());
        }
        assertThat(snapshot(repoDir())).isEqualTo(before);
    }

    @Test
    void aDirtreeOverTenMibASymlinkedOneAndAMissingOneAreTypedErrorsNamingTheObject() throws IOException {
        commitSmallTree(RepoMode.BARE);
        Path dirtree = objectOf(ObjectType.DIR_TREE);
        Checksum name = checksumOf(dirtree);
        byte[] original = Files.readAllBytes(dirtree);
        try (Repo repo = Repo.open(repoDir())) {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dirtree.toFile(), "rw")) {
                f.setLength(10 * 1024 * 1024 + 1); // sparse: ostree's limit plus one byte
            }
            assertThatThrownBy(() -> repo.readDirTree(name)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(name.toString()).hasMessageContaining("10485761 bytes exceeds");
            Path elsewhere = tmp.resolve("elsewhere.dirtree");
            Files.write(elsewhere, original);
            Files.delete(dirtree);
            Files.createSymbolicLink(dirtree, elsewhere);
            assertThatThrownBy(() -> repo.readDirTree(name)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(name.toString()).hasMessageContaining("not a regular file");
            Files.delete(dirtree);
            assertThatThrownBy(() -> repo.readDirTree(name)).isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining(name.toString());
            Files.write(dirtree, original);
            assertThat(repo.readDirTree(name).files()).isNotEmpty();
        }
    }

    /** ostree 2022.7 itself waits forever on such a repository, in checkout and in fsck. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInPlaceOfADirtreeIsATypedErrorNotAHang() throws IOException {
        Checksum commit = commitSmallTree(RepoMode.BARE);
        try (Repo repo = Repo.open(repoDir())) {
            Checksum etc = repo.readDirTree(repo.readCommit(commit).rootTree()).dirs().get(0).tree();
            ObjectName name = new ObjectName(etc, ObjectType.DIR_TREE);
            Path object = repoDir().resolve(name.looseRelativePath(false));
            Files.delete(object);
            Processes.run(List.of("mkfifo", object.toString())).assertSuccess();
            assertThatThrownBy(() -> repo.readDirTree(etc)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(etc.toString()).hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> repo.checkout("main", tmp.resolve("out"), CheckoutOptions.defaults()))
                    .isInstanceOf(CorruptObjectException.class).hasMessageContaining(etc.toString());
            assertThat(repo.fsck().problems()).anySatisfy(p -> assertThat(p.object()).isEqualTo(name));
        }
    }

    @Test
    @Interop("ostree")
    void aFlippedContentByteInAnArchiveObjectFailsOurFsckAndOstreeFsck() throws IOException {
        commitSmallTree(RepoMode.ARCHIVE);
        Path filez = objectOf(ObjectType.FILE);
        Checksum name = checksumOf(filez);
        try (Repo repo = Repo.open(repoDir()); FileObject f = repo.openFile(name)) {
            f.content().readAllBytes();
        }
        Files.write(filez, recompressWithFlip(filez));
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).singleElement().satisfies(p -> {
                assertThat(p.object().checksum()).isEqualTo(name);
                assertThat(p.detail()).contains("checksums to");
            });
        }
        assertThat(new OstreeCli(repoDir()).run("fsck").exitCode()).isNotZero();
    }

    /** The same .filez with one content byte changed (recompressed, so only the hash can tell). */
    private static byte[] recompressWithFlip(Path filez) throws IOException {
        byte[] all = Files.readAllBytes(filez);
        int headerLen = java.nio.ByteBuffer.wrap(all).getInt() + 8;
        byte[] content;
        try (InputStream in = new java.util.zip.InflaterInputStream(
                new ByteArrayInputStream(all, headerLen, all.length - headerLen), new java.util.zip.Inflater(true))) {
            content = in.readAllBytes();
        }
        content[0] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, headerLen);
        try (var d = new java.util.zip.DeflaterOutputStream(out, new java.util.zip.Deflater(6, true))) {
            d.write(content);
        }
        return out.toByteArray();
    }

    @Test
    void aTruncatedArchiveObjectIsReportedNamingIt() throws IOException {
        commitSmallTree(RepoMode.ARCHIVE);
        Path filez = objectOf(ObjectType.FILE);
        Checksum name = checksumOf(filez);
        byte[] b = Files.readAllBytes(filez);
        Files.write(filez, java.util.Arrays.copyOf(b, 6));
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(name, ObjectType.FILE));
                assertThat(p.detail()).contains("truncated");
            });
            assertThatThrownBy(() -> repo.openFile(name)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining(name.toString());
        }
    }

    @Test
    void anObjectStoredUnderTheWrongChecksumIsCorrupt() throws IOException {
        commitSmallTree(RepoMode.BARE_USER);
        Path file = objectOf(ObjectType.FILE);
        Checksum wrong = Checksum.sha256("something else".getBytes(StandardCharsets.UTF_8));
        String hex = wrong.toString();
        Path misplaced = repoDir().resolve("objects/" + hex.substring(0, 2) + "/" + hex.substring(2) + ".file");
        Files.createDirectories(misplaced.getParent());
        Files.copy(file, misplaced, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        io.bootc4j.ostree.internal.nativeio.LinuxFiles.setXattr(misplaced, "user.ostreemeta",
                io.bootc4j.ostree.internal.nativeio.LinuxFiles.getXattr(file, "user.ostreemeta").orElseThrow());
        try (Repo repo = Repo.open(repoDir())) {
            assertThat(repo.fsck().problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(wrong, ObjectType.FILE));
                assertThat(p.detail()).contains("checksums to " + checksumOf(file));
            });
        }
    }

    /** {@code (a(say)a(sayay))} with one file named {@code ../afile}: what DirTree refuses to build. */
    private static byte[] dirtreeWithName(String name, Checksum content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        b.writeBytes(n);
        b.write(0);
        b.writeBytes(content.bytes());
        b.write(n.length + 1);               // (say): end of the string
        b.write(n.length + 1 + 32 + 1);      // a(say): end of the only element
        b.write(n.length + 1 + 32 + 1 + 1);  // tuple: end of the first array; the second is empty
        return b.toByteArray();
    }

    @Test
    void checkoutRejectsADirtreeEntryNamedDotDotSlashAndWritesNothingOutsideTheDestination() throws IOException {
        Checksum commit;
        Checksum evil;
        try (Repo repo = Repo.create(repoDir(), RepoMode.BARE_USER); RepoTransaction tx = repo.newTransaction()) {
            byte[] data = "pwned\n".getBytes(StandardCharsets.UTF_8);
            Checksum afile = tx.writeContent(FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY), new ByteArrayInputStream(data), data.length);
            byte[] tree = dirtreeWithName("../afile", afile);
            evil = Checksum.sha256(tree);
            Checksum meta = tx.writeDirMeta(new DirMeta(0, 0, DirMeta.S_IFDIR | 0755, Xattrs.EMPTY));
            commit = tx.writeCommit(Commit.builder().subject("evil").timestamp(0).rootTree(evil).rootMeta(meta).build());
            tx.complete();
            Path obj = repoDir().resolve(new ObjectName(evil, ObjectType.DIR_TREE).looseRelativePath(false));
            Files.createDirectories(obj.getParent());
            Files.write(obj, tree);
        }
        Path parent = Files.createDirectories(tmp.resolve("co"));
        try (Repo repo = Repo.open(repoDir())) {
            assertThatThrownBy(() -> repo.checkout(commit.toString(), parent.resolve("dest"), CheckoutOptions.defaults()))
                    .isInstanceOf(UnsafeNameException.class)
                    .hasMessageContaining("\"../afile\"")
                    .satisfies(e -> assertThat(((UnsafeNameException) e).name()).isEqualTo("../afile"));
            assertThat(repo.fsck().problems()).anySatisfy(p -> assertThat(p.object().checksum()).isEqualTo(evil));
        }
        assertThat(parent.resolve("afile")).doesNotExist();
        assertThat(tmp.resolve("afile")).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"..", ".", "", "a/b", "/etc", "../../../tmp/x"})
    void everyUnsafeDirtreeNameFailsCheckoutWithATypedErrorNamingIt(String name) throws IOException {
        Checksum commit;
        try (Repo repo = Repo.create(repoDir(), RepoMode.ARCHIVE); RepoTransaction tx = repo.newTransaction(false)) {
            byte[] data = "x".getBytes(StandardCharsets.UTF_8);
            Checksum file = tx.writeContent(FileHeader.regularFile(0, 0, 0644, Xattrs.EMPTY), new ByteArrayInputStream(data), 1);
            byte[] tree = dirtreeWithName(name, file);
            Checksum meta = tx.writeDirMeta(new DirMeta(0, 0, DirMeta.S_IFDIR | 0755, Xattrs.EMPTY));
            commit = tx.writeCommit(Commit.builder().timestamp(0).rootTree(Checksum.sha256(tree)).rootMeta(meta).build());
            tx.complete();
            Path obj = repoDir().resolve(new ObjectName(Checksum.sha256(tree), ObjectType.DIR_TREE).looseRelativePath(false));
            Files.createDirectories(obj.getParent());
            Files.write(obj, tree);
        }
        Path dest = tmp.resolve("co/dest");
        Files.createDirectories(dest.getParent());
        try (Repo repo = Repo.open(repoDir())) {
            assertThatThrownBy(() -> repo.checkout(commit.toString(), dest, CheckoutOptions.defaults()))
                    .isInstanceOf(UnsafeNameException.class).hasMessageContaining("\"" + name + "\"");
        }
        try (Stream<Path> s = Files.walk(tmp.resolve("co"))) {
            assertThat(s.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(tmp.resolve("tmp/x")).doesNotExist();
    }

    @Test
    void anUnknownRepoModeIsATypedErrorNamingTheModeAndTheConfigIsUntouched() throws IOException {
        Repo.create(repoDir(), RepoMode.BARE).close();
        String text = "[core]\nrepo_version=1\nmode=bare-tar\n";
        Files.writeString(repoDir().resolve("config"), text);
        assertThatThrownBy(() -> Repo.open(repoDir())).isInstanceOf(UnsupportedRepoModeException.class)
                .hasMessageContaining("bare-tar").hasMessageContaining(repoDir().resolve("config").toString())
                .satisfies(e -> assertThat(((UnsupportedRepoModeException) e).mode()).isEqualTo("bare-tar"));
        assertThat(Files.readString(repoDir().resolve("config"))).isEqualTo(text);
    }

    @Test
    void aRefToAMissingCommitIsRefusedOnWriteAndReportedOnRead() throws IOException {
        commitSmallTree(RepoMode.BARE_USER_ONLY);
        Checksum ghost = Checksum.sha256("ghost".getBytes(StandardCharsets.UTF_8));
        try (Repo repo = Repo.open(repoDir())) {
            Checksum main = repo.resolveRev("main");
            try (RepoTransaction tx = repo.newTransaction()) {
                assertThatThrownBy(() -> tx.setRef("main", ghost)).isInstanceOf(ObjectNotFoundException.class)
                        .hasMessageContaining(ghost.toString()).hasMessageContaining("main");
            }
            assertThat(repo.resolveRev("main")).isEqualTo(main);
            Files.writeString(repoDir().resolve("refs/heads/broken"), ghost + "\n");
            assertThatThrownBy(() -> repo.checkout("broken", tmp.resolve("out"), CheckoutOptions.defaults()))
                    .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining(ghost.toString());
            assertThat(tmp.resolve("out")).doesNotExist();
            assertThat(repo.fsck().problems()).singleElement().satisfies(p -> {
                assertThat(p.object()).isEqualTo(new ObjectName(ghost, ObjectType.COMMIT));
                assertThat(p.kind()).isEqualTo(FsckResult.Problem.Kind.MISSING);
                assertThat(p.detail()).contains("broken");
            });
        }
    }

    @Test
    void aSymlinkTargetOverTheLimitFailsNamingTheEntryAndLeavesTheRepoAsItWas() throws IOException {
        commitSmallTree(RepoMode.BARE_USER);
        List<Path> before = snapshot(repoDir());
        TarArchiveEntry ok = new TarArchiveEntry("usr/ok");
        ok.setSize(0);
        TarArchiveEntry link = new TarArchiveEntry("usr/long-link", TarConstants.LF_SYMLINK);
        link.setLinkName("x".repeat(5000));
        byte[] tar = RepoTest.tar(ok, link);
        try (Repo repo = Repo.open(repoDir()); RepoTransaction tx = repo.newTransaction()) {
            assertThatThrownBy(() -> tx.commit(CommitSpec.fromTar(new ByteArrayInputStream(tar)).build()))
                    .isInstanceOf(ObjectFormatException.class).hasMessageContaining("usr/long-link")
                    .hasMessageContaining("4095");
        }
        assertThat(snapshot(repoDir())).isEqualTo(before);
    }

    @Test
    void aTarEntryEscapingTheRootIsRejectedNamingTheEntry() throws IOException {
        Repo.create(repoDir(), RepoMode.ARCHIVE).close();
        TarArchiveEntry evil = new TarArchiveEntry("usr/../../etc/passwd");
        evil.setSize(0);
        byte[] tar = RepoTest.tar(evil);
        try (Repo repo = Repo.open(repoDir()); RepoTransaction tx = repo.newTransaction()) {
            assertThatThrownBy(() -> tx.commit(CommitSpec.fromTar(new ByteArrayInputStream(tar)).build()))
                    .isInstanceOf(UnsafeNameException.class).hasMessageContaining("usr/../../etc/passwd");
        }
    }

    @Test
    @Interop("ostree")
    void aTransactionAbortedMidStreamOrAbandonedByADeadProcessLeavesARepoOstreeAccepts() throws IOException {
        commitSmallTree(RepoMode.BARE);
        List<Path> before = snapshot(repoDir());
        Path src = io.bootc4j.testing.TestTrees.everyKind(tmp.resolve("every"), 5);
        Path tarFile = tmp.resolve("every.tar");
        io.bootc4j.testing.Processes.run(List.of("tar", "--numeric-owner", "-C", src.toString(), "-cf",
                tarFile.toString(), ".")).assertSuccess();
        long size = Files.size(tarFile);
        for (long cut : new long[] {700, size / 3, size / 2, size - 2000}) {
            try (Repo repo = Repo.open(repoDir()); RepoTransaction tx = repo.newTransaction();
                    InputStream in = new FailingAfter(Files.newInputStream(tarFile), cut)) {
                assertThatThrownBy(() -> tx.commit(CommitSpec.fromTar(in).build())).isInstanceOf(IOException.class);
            }
            assertThat(snapshot(repoDir())).as("after a failure at byte " + cut).isEqualTo(before);
        }
        // a killed process leaves its staging directory and an unlocked lock file behind
        Path dead = repoDir().resolve("tmp/staging-deadbeef-000000");
        Files.createDirectories(dead.resolve("ab"));
        Files.writeString(dead.resolve("ab/cdef.file"), "half-written");
        Files.writeString(repoDir().resolve("tmp/staging-deadbeef-000000-lock"), "");
        new OstreeCli(repoDir()).run("fsck").assertSuccess();
        try (Repo repo = Repo.open(repoDir()); RepoTransaction tx = repo.newTransaction()) {
            assertThat(dead).doesNotExist();
            tx.complete();
        }
        assertThat(Files.exists(repoDir().resolve("tmp/staging-deadbeef-000000-lock"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /** Fails with an IOException once {@code limit} bytes have been read, like a dropped connection. */
    private static final class FailingAfter extends java.io.FilterInputStream {
        private long left;

        FailingAfter(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset (simulated)");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
