# The local token endpoint (adapter-local) for Cloud Run: the same `java -jar` with lib/ beside the jar.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY core/pom.xml core/
COPY adapter-local/pom.xml adapter-local/
COPY adapter-gcp/pom.xml adapter-gcp/
COPY adapter-aws/pom.xml adapter-aws/
COPY core/src core/src
COPY adapter-local/src adapter-local/src
# The AOT cache is trained below, in the runtime image: it is valid only for the JVM build and the jars it
# was made with.
RUN mvn -B -q -pl adapter-local -am -DskipTests -DskipAot=true package \
 && javac -d /aot adapter-local/src/aot/AotTraining.java

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --no-create-home token
WORKDIR /app
COPY --from=build /src/adapter-local/target/live-token-local.jar ./
COPY --from=build /src/adapter-local/target/lib/ ./lib/
COPY --from=build /aot /tmp/aot
# Trained through real requests against a throwaway fake upstream (adapter-local/src/aot/AotTraining.java), under
# the run-time JVM options, which it writes with the cache's path into live-token-local.args.
RUN java -cp /tmp/aot AotTraining live-token-local.jar live-token-local.aot live-token-local.args \
      -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:SurvivorRatio=2 \
 && rm -rf /tmp/aot
USER 10001
# Cloud Run sets PORT; the server reads it.
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "@live-token-local.args", "-jar", "live-token-local.jar"]
