package io.rollcall.common.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that refuses any JSON array longer than a limit while tokenizing, so a list of a million
 * entries is stopped before a million objects are built. Jackson's own stream constraints cover
 * document size, nesting and string length but not array length. It also refuses a string holding U+0000, which
 * PostgreSQL cannot store.
 *
 * <p>Every token-advancing method goes through {@link #nextToken()} so the count cannot be bypassed.
 */
final class BoundedArrayParser extends JsonParserDelegate {
    private final int maxElements;
    private final int[] counts;
    private int depth = -1;

    BoundedArrayParser(JsonParser d, int maxElements, int maxDepth) {
        super(d);
        this.maxElements = maxElements;
        this.counts = new int[maxDepth + 2];
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken t = delegate.nextToken();
        if (t == null) {
            return null;
        }
        if (t == JsonToken.END_ARRAY) {
            depth--;
            return t;
        }
        if (t != JsonToken.END_OBJECT && t != JsonToken.FIELD_NAME && inArrayValue(t)) {
            if (++counts[depth] > maxElements) {
                throw new StreamConstraintsException(String.format(
                        "an array at %s has more than %d elements", delegate.getParsingContext().pathAsPointer(),
                        maxElements));
            }
        }
        if (t == JsonToken.VALUE_STRING && delegate.getText().indexOf('\u0000') >= 0) {
            // PostgreSQL cannot store U+0000 in text (H2 can): refused here so both stores take the same reports
            throw new JsonParseException(delegate, "a string at " + delegate.getParsingContext().pathAsPointer()
                    + " contains U+0000 (NUL), which is not allowed in any text field");
        }
        if (t == JsonToken.START_ARRAY) {
            if (depth + 1 >= counts.length) {
                throw new StreamConstraintsException("arrays nested deeper than " + (counts.length - 1));
            }
            counts[++depth] = 0;
        }
        return t;
    }

    /** Whether the value token just read is an element of the innermost open array. */
    private boolean inArrayValue(JsonToken t) {
        if (depth < 0) {
            return false;
        }
        var ctx = delegate.getParsingContext();
        // a START_ token has already opened its own context; its element-ness is decided by the parent
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            ctx = ctx.getParent();
        }
        return ctx != null && ctx.inArray();
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        if (t == JsonToken.FIELD_NAME) {
            t = nextToken();
        }
        return t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken t = currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken n = nextToken();
            if (n == null) {
                return this;
            }
            if (n.isStructStart()) {
                open++;
            } else if (n.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString str) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && str.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }
}
