# Momentum: a Slack and Teams bot on ASP.NET Core. The SDK publishes for one Linux runtime, the ASP.NET runtime runs it.
#   docker build -t momentum:0.9.0 .
#   docker buildx build --platform linux/arm64 --build-arg RUNTIME=linux-arm64 -t momentum:0.9.0-arm64 .
#   docker run --read-only --tmpfs /tmp -v momentum-data:/data -p 8080:8080 --env-file momentum.env momentum:0.9.0
# The build stage runs on the builder's own platform and cross-publishes (managed code, the package's native files for
# RUNTIME only), so an arm64 image builds without emulation.
ARG DOTNET_VERSION=10.0

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG RUNTIME=linux-x64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Momentum.Engine/Momentum.Engine.csproj src/Momentum.Engine/
COPY src/Momentum.Bot/Momentum.Bot.csproj src/Momentum.Bot/
RUN dotnet restore src/Momentum.Bot/Momentum.Bot.csproj -r "$RUNTIME"
COPY src/ src/
RUN dotnet publish src/Momentum.Bot/Momentum.Bot.csproj -c Release -r "$RUNTIME" --self-contained false --no-restore -o /app \
    && mkdir -p /data

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG VERSION=0.9.0
ARG SOURCE=https://github.com/momentum-bot/momentum
LABEL org.opencontainers.image.title="Momentum" \
      org.opencontainers.image.description="Slack and Microsoft Teams bot: how much community momentum an open-source project has" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
COPY --from=build /app .
# /data belongs to the app user (the base image's numeric 1654), so the embedded store can write to a fresh volume.
COPY --from=build --chown=1654:1654 /data /data
# Listen on all interfaces inside the container; keep the embedded store (used when ConnectionStrings__Redis is unset)
# on the volume. Nothing else is written: the root filesystem can be read-only (/tmp as a tmpfs for the runtime).
ENV Urls=http://0.0.0.0:8080 \
    Garnet__DataDir=/data/garnet \
    DOTNET_gcServer=0
VOLUME /data
EXPOSE 8080
USER 1654:1654
# The app asks its own /healthz: the base image has no curl or wget, and needs none.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "Momentum.Bot.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "Momentum.Bot.dll"]
