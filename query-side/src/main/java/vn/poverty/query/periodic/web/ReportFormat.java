package vn.poverty.query.periodic.web;

import java.util.List;
import java.util.Locale;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The representation of the periodic report: {@code format=json|csv|html} when given, otherwise the type of the
 * {@code Accept} header with the highest quality among application/json, text/csv and text/html (the first listed on
 * a tie); JSON when the header names none of them (absent, {@code *}/{@code *}, another type, or malformed).
 */
enum ReportFormat {
    JSON(MediaType.APPLICATION_JSON),
    CSV(MediaType.parseMediaType("text/csv")),
    HTML(MediaType.TEXT_HTML);

    private final MediaType type;

    ReportFormat(MediaType type) {
        this.type = type;
    }

    MediaType type() {
        return type;
    }

    /** @throws IllegalArgumentException when {@code format} is given and is none of json, csv, html */
    static ReportFormat choose(String format, String accept) {
        if (format != null && !format.isBlank()) {
            try {
                return valueOf(format.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be json, csv or html, not '" + format.strip() + "'");
            }
        }
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return JSON;
        }
        ReportFormat best = JSON;
        double bestQuality = -1;
        for (MediaType candidate : accepted) {
            for (ReportFormat f : values()) {
                if (f.type.getType().equalsIgnoreCase(candidate.getType())
                        && f.type.getSubtype().equalsIgnoreCase(candidate.getSubtype())
                        && candidate.getQualityValue() > bestQuality
                        && candidate.getQualityValue() > 0) {
                    best = f;
                    bestQuality = candidate.getQualityValue();
                }
            }
        }
        return best;
    }
}
