package io.bootc4j.ostree.internal;

import io.bootc4j.ostree.Checksum;
import io.bootc4j.ostree.Commit;
import io.bootc4j.ostree.ObjectType;
import io.bootc4j.ostree.RefName;
import io.bootc4j.ostree.RefNotFoundException;
import io.bootc4j.ostree.Repo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code ostree rev-parse}: checksum, ref, remote ref, unique commit prefix, {@code ^} suffixes. */
public final class RevResolver {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private final Repo repo;
    private final RefStore refs;
    private final LooseObjects objects;

    public RevResolver(Repo repo, RefStore refs, LooseObjects objects) {
        this.repo = repo;
        this.refs = refs;
        this.objects = objects;
    }

    public Checksum resolve(String rev) throws IOException {
        if (rev.endsWith("^")) {
            String base = rev.substring(0, rev.length() - 1);
            Checksum c = resolve(base);
            Commit commit = repo.readCommit(c);
            return commit.parent().orElseThrow(() -> new RefNotFoundException(rev, "commit " + c + " has no parent"));
        }
        Optional<Checksum> full = rev.length() == 64 ? Checksum.tryParse(rev) : Optional.empty();
        if (full.isPresent()) {
            return full.get();
        }
        Optional<RefName> ref = RefName.tryParse(rev);
        if (ref.isPresent()) {
            Optional<Checksum> c = refs.read(ref.get());
            if (c.isPresent()) {
                return c.get();
            }
            int slash = rev.indexOf('/');
            if (ref.get().kind() == RefName.Kind.HEADS && slash > 0) {
                Optional<RefName> remote = RefName.tryParse(rev.substring(0, slash) + ":" + rev.substring(slash + 1));
                if (remote.isPresent()) {
                    c = refs.read(remote.get());
                    if (c.isPresent()) {
                        return c.get();
                    }
                }
            }
        }
        if (rev.length() >= 4 && rev.length() < 64 && HEX.matcher(rev).matches()) {
            List<Checksum> matches = commitsWithPrefix(rev);
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new RefNotFoundException(rev, "ambiguous prefix, matches " + matches.size() + " commits");
            }
        }
        if (ref.isEmpty() && !HEX.matcher(rev).matches()) {
            throw new RefNotFoundException(rev, "not a valid ref name or checksum");
        }
        throw new RefNotFoundException(rev, "no such ref or commit in " + repo.path());
    }

    private List<Checksum> commitsWithPrefix(String prefix) throws IOException {
        List<Checksum> out = new ArrayList<>();
        Path dir = repo.path().resolve("objects").resolve(prefix.substring(0, 2));
        if (!Files.isDirectory(dir)) {
            return out;
        }
        String rest = prefix.substring(2);
        String suffix = "." + ObjectType.COMMIT.suffix();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, rest + "*" + suffix)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Checksum.tryParse(prefix.substring(0, 2) + n.substring(0, n.length() - suffix.length())).ifPresent(out::add);
            }
        }
        return out;
    }
}
