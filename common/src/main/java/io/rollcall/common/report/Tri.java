package io.rollcall.common.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A yes/no fact that a probe may be unable to establish. On the wire it is JSON {@code true},
 * {@code false} or the string {@code "unknown"}; {@code unknown} is a value, never a guess, and a
 * rule treats it as "cannot verify", never as a pass.
 */
@JsonSerialize(using = Tri.Serializer.class)
@JsonDeserialize(using = Tri.Deserializer.class)
public enum Tri {
    YES, NO, UNKNOWN;

    public static Tri of(boolean value) {
        return value ? YES : NO;
    }

    /** {@code null} becomes {@link #UNKNOWN}. */
    public static Tri ofNullable(Boolean value) {
        return value == null ? UNKNOWN : of(value);
    }

    public boolean isYes() {
        return this == YES;
    }

    public boolean isNo() {
        return this == NO;
    }

    static final class Serializer extends JsonSerializer<Tri> {
        @Override
        public void serialize(Tri value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            switch (value) {
                case YES -> gen.writeBoolean(true);
                case NO -> gen.writeBoolean(false);
                default -> gen.writeString("unknown");
            }
        }
    }

    static final class Deserializer extends JsonDeserializer<Tri> {
        @Override
        public Tri deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE) {
                return YES;
            }
            if (t == JsonToken.VALUE_FALSE) {
                return NO;
            }
            if (t == JsonToken.VALUE_STRING && "unknown".equals(p.getText())) {
                return UNKNOWN;
            }
            return (Tri) ctxt.handleUnexpectedToken(Tri.class, p);
        }
    }
}
