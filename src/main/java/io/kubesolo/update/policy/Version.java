package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, {@code major.minor.patch} with an optional leading {@code v} (spec §8).
 *
 * <p>Pre-release suffixes follow Semantic Versioning 2.0: {@code v0.4.0-rc.1} is accepted and orders
 * before {@code v0.4.0}; dot-separated identifiers compare numerically when both are numbers, else
 * as ASCII text, and a numeric identifier orders before a textual one. Build metadata
 * ({@code +build.5}) is accepted and ignored when comparing. Anything else ({@code 1.2},
 * {@code latest}, {@code v1.2.3.4}) is not a version.
 *
 * <p>Equality is precedence: {@code v1.2.3} equals {@code 1.2.3+build}. {@link #toString()} gives the
 * text the version was parsed from.
 */
public final class Version implements Comparable<Version> {

    private static final Pattern FORM = Pattern.compile(
            "[vV]?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");

    private final int major;
    private final int minor;
    private final int patch;
    private final List<String> preRelease;
    private final String text;

    private Version(int major, int minor, int patch, List<String> preRelease, String text) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.text = text;
    }

    /**
     * Parses a version; surrounding whitespace is ignored.
     *
     * @param what names where the text came from, for the message ("latest.json version")
     * @throws PolicyException (FAILED) naming {@code what} and the text when it is not a version
     */
    public static Version parse(String text, String what) {
        String stripped = text == null ? "" : text.strip();
        Matcher matcher = FORM.matcher(stripped);
        if (!matcher.matches()) {
            throw new PolicyException(
                    Outcome.FAILED,
                    what + " '" + text + "' is not a version (expected major.minor.patch, e.g. v0.3.0)");
        }
        List<String> preRelease = matcher.group(4) == null
                ? List.of()
                : Arrays.asList(matcher.group(4).split("\\."));
        return new Version(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)),
                List.copyOf(preRelease),
                stripped);
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    public int patch() {
        return patch;
    }

    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Version other) {
        int byCore = Integer.compare(major, other.major);
        if (byCore == 0) {
            byCore = Integer.compare(minor, other.minor);
        }
        if (byCore == 0) {
            byCore = Integer.compare(patch, other.patch);
        }
        return byCore != 0 ? byCore : comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(List<String> mine, List<String> theirs) {
        if (mine.isEmpty() || theirs.isEmpty()) {
            // A release orders after any of its pre-releases.
            return Boolean.compare(mine.isEmpty(), theirs.isEmpty());
        }
        for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
            int byIdentifier = compareIdentifier(mine.get(i), theirs.get(i));
            if (byIdentifier != 0) {
                return byIdentifier;
            }
        }
        return Integer.compare(mine.size(), theirs.size());
    }

    private static int compareIdentifier(String mine, String theirs) {
        boolean mineNumeric = mine.chars().allMatch(Character::isDigit);
        boolean theirsNumeric = theirs.chars().allMatch(Character::isDigit);
        if (mineNumeric && theirsNumeric) {
            int byLength = Integer.compare(
                    stripLeadingZeros(mine).length(), stripLeadingZeros(theirs).length());
            return byLength != 0 ? byLength : stripLeadingZeros(mine).compareTo(stripLeadingZeros(theirs));
        }
        if (mineNumeric != theirsNumeric) {
            return mineNumeric ? -1 : 1;
        }
        return mine.compareTo(theirs);
    }

    private static String stripLeadingZeros(String digits) {
        String stripped = digits.replaceFirst("^0+", "");
        return stripped.isEmpty() ? "0" : stripped;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Version version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * major + minor) + patch) + preRelease.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
