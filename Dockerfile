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
# The class-data archive is trained below, in the runtime image: it is valid only for the JVM and the jar
# paths it was made with.
RUN mvn -B -q -pl adapter-local -am -DskipTests -DskipCds=true package \
 && javac -d /cds adapter-local/src/cds/CdsTraining.java

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --no-create-home token
WORKDIR /app
COPY --from=build /src/adapter-local/target/live-token-local.jar ./
COPY --from=build /src/adapter-local/target/lib/ ./lib/
COPY --from=build /cds /tmp/cds
# Trained through real requests against a throwaway fake upstream (adapter-local/src/cds/CdsTraining.java).
RUN java -cp /tmp/cds CdsTraining live-token-local.jar live-token-local.jsa && rm -rf /tmp/cds
USER 10001
# Cloud Run sets PORT; the server reads it.
ENV PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=live-token-local.jsa", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-jar", "live-token-local.jar"]
