package io.bootc4j.ostree.internal.gvariant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Seeded generator of random GVariant types and values, and deep equality over their representation. */
final class RandomGVariants {

    private static final String BASIC = "ybnqiuxtdsog";

    private final Random random;

    RandomGVariants(long seed) {
        this.random = new Random(seed);
    }

    GvType type(int depth) {
        int pick = random.nextInt(depth <= 0 ? 12 : 17);
        if (pick < 12) {
            return GvType.of(String.valueOf(BASIC.charAt(pick)));
        }
        return switch (pick) {
            case 12 -> GvType.of("v");
            case 13 -> GvType.of("a" + type(depth - 1).signature());
            case 14 -> GvType.of("m" + type(depth - 1).signature());
            case 15 -> GvType.of("{" + BASIC.charAt(random.nextInt(12)) + type(depth - 1).signature() + "}");
            default -> {
                StringBuilder sb = new StringBuilder("(");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(type(depth - 1).signature());
                }
                yield GvType.of(sb.append(')').toString());
            }
        };
    }

    Object value(GvType type, int depth) {
        return switch (type.kind()) {
            case 'y' -> (byte) random.nextInt();
            case 'b' -> random.nextBoolean();
            case 'n', 'q' -> (short) random.nextInt();
            case 'i', 'u', 'h' -> random.nextInt();
            case 'x', 't' -> random.nextLong();
            case 'd' -> random.nextDouble();
            case 's', 'o', 'g' -> string();
            case 'v' -> {
                GvType inner = type(Math.min(depth, 2));
                yield new Variant(inner, value(inner, depth - 1));
            }
            case 'm' -> random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value(type.element(), depth - 1));
            case 'a' -> {
                int n = random.nextInt(random.nextInt(20) == 0 ? 300 : 6);
                if (type.element().kind() == 'y') {
                    byte[] b = new byte[n];
                    random.nextBytes(b);
                    yield b;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(value(type.element(), depth - 1));
                }
                yield items;
            }
            default -> {
                List<Object> members = new ArrayList<>();
                for (GvType m : type.children()) {
                    members.add(value(m, depth - 1));
                }
                yield members;
            }
        };
    }

    private String string() {
        int n = random.nextInt(random.nextInt(10) == 0 ? 400 : 8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x80 + random.nextInt(0x700);
                case 2 -> 0xE000 + random.nextInt(0x1000);
                default -> 0x10000 + random.nextInt(0x1000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
            return x.isPresent() == y.isPresent() && (x.isEmpty() || deepEquals(x.get(), y.get()));
        }
        if (a instanceof Variant x && b instanceof Variant y) {
            return x.type().equals(y.type()) && deepEquals(x.value(), y.value());
        }
        return a.equals(b);
    }
}
