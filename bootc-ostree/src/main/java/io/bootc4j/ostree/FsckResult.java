package io.bootc4j.ostree;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Repo#fsck()} found: every object that does not hash to its name or does not parse
 * ({@link Problem.Kind#CORRUPT}), and every object a commit or ref names that is not there
 * ({@link Problem.Kind#MISSING}). A clean repository has no problems.
 */
public record FsckResult(List<Problem> problems, long objectsChecked, long commitsWalked) {

    /** One bad or missing object, with the path or referrer that explains it. */
    public record Problem(ObjectName object, Kind kind, String detail) {
        public enum Kind { CORRUPT, MISSING }

        public Problem {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " object " + object + ": " + detail;
        }
    }

    public FsckResult {
        problems = List.copyOf(problems);
    }

    public boolean isClean() {
        return problems.isEmpty();
    }
}
