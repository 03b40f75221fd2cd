package vn.poverty.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Request bodies may not carry a NUL character ({@code "\u0000"}) in any string: PostgreSQL cannot store one in a
 * text column, so such a command would be accepted and its event then fail in every projection. Registered only on
 * the HTTP message converter's copy of the object mapper, never on the event serializer.
 */
final class NulRejectingStrings extends StdScalarDeserializer<String> {

    private NulRejectingStrings() {
        super(String.class);
    }

    static SimpleModule module() {
        return new SimpleModule("nul-rejecting-strings").addDeserializer(String.class, new NulRejectingStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw InvalidFormatException.from(
                    parser, "a NUL character is not allowed in a string", value, String.class);
        }
        return value;
    }
}
