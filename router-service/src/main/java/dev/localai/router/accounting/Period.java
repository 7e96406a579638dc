package dev.localai.router.accounting;

import dev.localai.openai.ApiException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** A calendar period in UTC that started before now: today, this week (from Monday) or this month. */
public enum Period {
    DAY, WEEK, MONTH;

    public static Period of(String name) {
        if (name == null || name.isBlank()) {
            return DAY;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'period' must be day, week or month, not '" + name + "'.", "period",
                    "invalid_value");
        }
    }

    public Instant start(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = switch (this) {
            case DAY -> today;
            case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> today.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
