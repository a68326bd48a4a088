// Tells the live lesson whether the student's page is on screen, for the "active / idle" flag on the tutor's card.
window.aetherLive = {
    watchVisibility: function (dotnet) {
        const report = function () {
            dotnet.invokeMethodAsync('VisibilityChanged', document.visibilityState === 'visible').catch(function () { });
        };
        document.addEventListener('visibilitychange', report);
        report();
        return { dispose: function () { document.removeEventListener('visibilitychange', report); } };
    }
};
