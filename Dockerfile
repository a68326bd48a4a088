# Builds and runs AetherLearn.Web. The embedded default (SQLite in /app/App_Data) needs no other service;
# set App__BaseUrl to the public address (links in e-mails; the app will not start without it).
# For PostgreSQL set Database__Provider=Postgres and ConnectionStrings__Default, then run the image once
# with the argument "migrate" before starting it normally.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish AetherLearn.Web/AetherLearn.Web.csproj -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# libfontconfig1: SkiaSharp (images, QR); tzdata: centre time zones.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libfontconfig1 tzdata \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /app/App_Data && chown app:app /app/App_Data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Auth__SecureCookiesOnly=true
VOLUME ["/app/App_Data"]
EXPOSE 8080
ENTRYPOINT ["dotnet", "AetherLearn.Web.dll"]
