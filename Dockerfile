# The control API image (docker-compose.yml builds it). Build stage: Maven + JDK 17.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /opt/cdcflow
COPY --from=build /src/control-api/target/cdcflow-control-api.jar ./
COPY --from=build /src/control-api/target/lib ./lib
COPY --from=build /src/jobs/target/*-job.jar ./jobs/
ENV CDCFLOW_DATA_DIR=/var/lib/cdcflow CDCFLOW_BIND=0.0.0.0
EXPOSE 8000
ENTRYPOINT ["sh", "-c", "exec java -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -cp cdcflow-control-api.jar:lib/* io.cdcflow.api.Main serve"]
