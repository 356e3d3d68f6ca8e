# Momentum: a Slack and Teams bot on ASP.NET Core. Multi-stage: the SDK builds, the ASP.NET runtime runs.
# docker build -t momentum . && docker run -p 8080:8080 -e ConnectionStrings__Redis=redis:6379 momentum
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Momentum.Engine/Momentum.Engine.csproj src/Momentum.Engine/
COPY src/Momentum.Bot/Momentum.Bot.csproj src/Momentum.Bot/
RUN dotnet restore src/Momentum.Bot/Momentum.Bot.csproj
COPY src/ src/
RUN dotnet publish src/Momentum.Bot/Momentum.Bot.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Listen on all interfaces inside the container; keep data (embedded Garnet, when no Redis is set) on a volume.
ENV Urls=http://0.0.0.0:8080 \
    Garnet__DataDir=/data/garnet \
    DOTNET_gcServer=0
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Momentum.Bot.dll"]
