package org.latchkey.store;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.latchkey.store.TestDatabases.Engine;

/** Provides {@link EachEngine}'s invocations: one per engine, each resolving a fresh {@link Database}. */
final class EngineExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EngineExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(Engine.values()).map(EngineExtension::invocation);
    }

    private static TestTemplateInvocationContext invocation(Engine engine) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return engine.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new DatabaseResolver(engine));
            }
        };
    }

    private record DatabaseResolver(Engine engine) implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Database.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            TestDatabases.Fresh fresh = context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(Database.class, type -> TestDatabases.fresh(engine), TestDatabases.Fresh.class);
            return fresh.database();
        }
    }
}
