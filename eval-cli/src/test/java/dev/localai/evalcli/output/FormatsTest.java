package dev.localai.evalcli.output;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest {

    @Test
    void dollarsShowTwoSignificantDigitsBelowACentAndCentsAbove() {
        assertEquals("$0", Formats.usd(0.0));
        assertEquals("$0.0012", Formats.usd(0.00123));
        assertEquals("$0.00004", Formats.usd(0.00004));
        assertEquals("$0.01", Formats.usd(0.0101));
        assertEquals("$1.25", Formats.usd(1.249));
        assertEquals("-", Formats.usd(null));
    }

    @Test
    void latenciesAreMillisecondsBelowASecondAndSecondsAbove() {
        assertEquals("120 ms", Formats.ms(120.4));
        assertEquals("1.5 s", Formats.ms(1499.0));
        assertEquals("-", Formats.ms(null));
    }

    @Test
    void fractionsAreWholePercentagesAndThresholdsKeepTheirDigits() {
        assertEquals("83%", Formats.percent(0.8333));
        assertEquals("100%", Formats.percent(1.0));
        assertEquals("-", Formats.percent(null));
        assertEquals("0.5", Formats.number(0.5));
        assertEquals("0.75", Formats.number(0.75));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("12 s", Formats.duration(Duration.ofMillis(11_600)));
        assertEquals("3 min 5 s", Formats.duration(Duration.ofSeconds(185)));
        assertEquals("1 h 2 min", Formats.duration(Duration.ofSeconds(3725)));
        assertEquals("0 s", Formats.duration(Duration.ofSeconds(-3)));
    }
}
