package io.bootc4j.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void strverscmpOrdersTheGlibcManualExample() {
        // strverscmp(3): 000 < 00 < 01 < 010 < 09 < 0 < 1 < 9 < 10
        List<String> ordered = List.of("000", "00", "01", "010", "09", "0", "1", "9", "10");
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < ordered.size(); j++) {
                assertThat(Integer.signum(VersionOrder.strverscmp(ordered.get(i), ordered.get(j))))
                        .as("%s vs %s", ordered.get(i), ordered.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Test
    void strverscmpComparesEmbeddedNumbersByValue() {
        assertThat(VersionOrder.strverscmp("10", "9")).isPositive();
        assertThat(VersionOrder.strverscmp("ostree-10", "ostree-2")).isPositive();
        assertThat(VersionOrder.strverscmp("a", "b")).isNegative();
        assertThat(VersionOrder.strverscmp("1.10", "1.9")).isPositive();
        assertThat(VersionOrder.strverscmp("abc", "abc")).isZero();
    }

    @Test
    void uapiComparisonFollowsTheSpecificationExamples() {
        assertThat(VersionOrder.uapi("11", "11")).isZero();
        assertThat(VersionOrder.uapi("systemd-123", "systemd-123")).isZero();
        assertThat(VersionOrder.uapi("bar-123", "foo-123")).isNegative();
        assertThat(VersionOrder.uapi("123a", "123")).isPositive();
        assertThat(VersionOrder.uapi("123.a", "123")).isPositive();
        assertThat(VersionOrder.uapi("123.a", "123.b")).isNegative();
        assertThat(VersionOrder.uapi("123a", "123.a")).isPositive();
        assertThat(VersionOrder.uapi("11α", "11β")).isZero();
        assertThat(VersionOrder.uapi("A", "a")).isNegative();
        assertThat(VersionOrder.uapi("", "0")).isNegative();
        assertThat(VersionOrder.uapi("0.", "0")).isPositive();
        assertThat(VersionOrder.uapi("0.0", "0")).isPositive();
        assertThat(VersionOrder.uapi("1_", "1")).isZero();
        assertThat(VersionOrder.uapi("_1", "1")).isZero();
        assertThat(VersionOrder.uapi("1_", "1.2")).isNegative();
        assertThat(VersionOrder.uapi("1_2_3", "1.3.3")).isPositive();
        assertThat(VersionOrder.uapi("1+2+3", "1.3.3")).isPositive();
    }

    @Test
    void uapiSortsTildeBeforeReleaseAndCaretAfter() {
        assertThat(VersionOrder.uapi("1~rc1", "1")).isNegative();
        assertThat(VersionOrder.uapi("1^post", "1")).isPositive();
        assertThat(VersionOrder.uapi("1.10", "1.9")).isPositive();
        assertThat(VersionOrder.uapi("007", "7")).isZero();
    }
}
