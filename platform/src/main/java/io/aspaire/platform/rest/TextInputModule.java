package io.aspaire.platform.rest;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.aspaire.platform.input.TextRule;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * {@link TextRule} for every string of every JSON body a service reads (fields, list elements, map keys and values,
 * nested objects): a string breaking it fails deserialization with {@link ControlCharactersException}, which the REST
 * error mapping answers with 400 naming the field ({@code displayName must not contain control characters}).
 */
@Singleton
public class TextInputModule implements ObjectMapperCustomizer {

    /** A JSON string that breaks {@link TextRule}; Jackson adds the field path on its way out. */
    public static class ControlCharactersException extends JsonMappingException {
        ControlCharactersException(JsonParser parser) {
            super(parser, "must not contain control characters");
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("aspaire-text-rule");
        module.addDeserializer(String.class, new CheckedStrings());
        module.addKeyDeserializer(String.class, new CheckedKeys());
        mapper.registerModule(module);
    }

    /** Not a subclass of StringDeserializer: Jackson's collection deserializers bypass "standard" ones. */
    static final class CheckedStrings extends StdScalarDeserializer<String> {
        CheckedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (TextRule.violates(value)) {
                throw new ControlCharactersException(parser);
            }
            return value;
        }
    }

    static final class CheckedKeys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (TextRule.violates(key)) {
                throw new ControlCharactersException(context.getParser());
            }
            return key;
        }
    }
}
