<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AddSiteDialog</name>
    <message>
        <source>Add site</source>
        <translation>Ajouter un site</translation>
    </message>
    <message>
        <source>Near {place}; added to the stop {city}.</source>
        <translation>Près de {place}&#x202f;; ajouté à l’étape {city}.</translation>
    </message>
    <message>
        <source>Added to the stop {city}.</source>
        <translation>Ajouté à l’étape {city}.</translation>
    </message>
    <message>
        <source>What it is called</source>
        <translation>Son nom</translation>
    </message>
    <message>
        <source>The stop&apos;s position, until you set where the site is.</source>
        <translation>La position de l’étape, en attendant que vous indiquiez celle du site.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>É&amp;tat</translation>
    </message>
    <message>
        <source>&amp;Lat, lon</source>
        <translation>&amp;Lat., long.</translation>
    </message>
</context>
<context>
    <name>AppActions</name>
    <message>
        <source>&amp;Open database…</source>
        <translation>&amp;Ouvrir une base de données…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>Undo the last change</source>
        <translation>Annuler la dernière modification</translation>
    </message>
    <message>
        <source>Redo the change undone</source>
        <translation>Rétablir la modification annulée</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About CityPlanner</source>
        <translation>À &amp;propos de CityPlanner</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Ouvrir un fichier ré&amp;cent</translation>
    </message>
    <message>
        <source>About CityPlanner</source>
        <translation>À propos de CityPlanner</translation>
    </message>
    <message>
        <source>&lt;b&gt;CityPlanner {version}&lt;/b&gt;&lt;p&gt;Plan multi-city trips, log smart-city visits and share itinerary maps — offline, in one file you own.&lt;/p&gt;&lt;p&gt;Database: {path}&lt;/p&gt;</source>
        <translation>&lt;b&gt;CityPlanner {version}&lt;/b&gt;&lt;p&gt;Préparez des voyages de ville en ville, notez vos visites de villes intelligentes et partagez vos cartes d’itinéraire — hors ligne, dans un seul fichier qui vous appartient.&lt;/p&gt;&lt;p&gt;Base de données&#xa0;: {path}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>in memory</source>
        <translation>en mémoire</translation>
    </message>
    <message>
        <source>Open itinerary database</source>
        <translation>Ouvrir une base d’itinéraires</translation>
    </message>
    <message>
        <source>CityPlanner databases (*.db *.sqlite);;All files (*)</source>
        <translation>Bases de données CityPlanner (*.db *.sqlite);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>Sauvegarder &amp;maintenant</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Restaurer…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln backup(s), kept in {folder}.</source>
        <translation>
            <numerusform>%Ln sauvegarde, conservée dans {folder}.</numerusform>
            <numerusform>%Ln sauvegardes, conservées dans {folder}.</numerusform>
        </translation>
    </message>
    <message>
        <source>No backups yet; they are kept in {folder}.</source>
        <translation>Aucune sauvegarde pour l’instant&#x202f;; elles sont conservées dans {folder}.</translation>
    </message>
    <message>
        <source>Damaged ones cannot be restored.</source>
        <translation>Celles qui sont endommagées ne peuvent pas être restaurées.</translation>
    </message>
</context>
<context>
    <name>BackupsFeature</name>
    <message>
        <source>&amp;Backups…</source>
        <translation>Sauve&amp;gardes…</translation>
    </message>
    <message>
        <source>The automatic backup failed: {error}</source>
        <translation>La sauvegarde automatique a échoué&#xa0;: {error}</translation>
    </message>
    <message>
        <source>An in-memory database has no backups.</source>
        <translation>Une base de données en mémoire n’a pas de sauvegardes.</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>Sauvegardé dans {path}</translation>
    </message>
    <message>
        <source>This backup is damaged and cannot be restored.</source>
        <translation>Cette sauvegarde est endommagée et ne peut pas être restaurée.</translation>
    </message>
    <message>
        <source>Replace everything in {file} with the backup of {when} ({holds})?

What the file holds now is backed up first, so you can come back to it from this list; Undo cannot.</source>
        <translation>Remplacer tout le contenu de {file} par la sauvegarde du {when} ({holds})&#x202f;?

Le contenu actuel du fichier est d’abord sauvegardé&#xa0;: vous pourrez y revenir depuis cette liste, pas avec Annuler.</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Restaurer la sauvegarde</translation>
    </message>
    <message>
        <source>Restored the backup of {when}: {holds}. What it replaced is backed up.</source>
        <translation>Sauvegarde du {when} restaurée&#xa0;: {holds}. Ce qu’elle a remplacé est sauvegardé.</translation>
    </message>
    <message>
        <source>{trips}, {stops}</source>
        <translation>{trips}, {stops}</translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <source>on open</source>
        <translation>à l’ouverture</translation>
    </message>
    <message>
        <source>after edits</source>
        <translation>après des modifications</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>à la demande</translation>
    </message>
    <message>
        <source>before restore</source>
        <translation>avant restauration</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Voyages</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>This backup is damaged: it cannot be read, nor restored.</source>
        <translation>Cette sauvegarde est endommagée&#xa0;: elle ne peut être ni lue ni restaurée.</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>endommagée</translation>
    </message>
</context>
<context>
    <name>BookPrintJob</name>
    <message>
        <source>Making the trip book…</source>
        <translation>Préparation du livre de voyage…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Print trip book</source>
        <translation>Imprimer le livre de voyage</translation>
    </message>
    <message>
        <source>Exported {trip} to {path}</source>
        <translation>{trip} exporté dans {path}</translation>
    </message>
    <message>
        <source>Trip book</source>
        <translation>Livre de voyage</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>Impression annulée.</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export annulé&#x202f;; aucun fichier n’a été écrit.</translation>
    </message>
    <message>
        <source>The trip book cannot be shown: {error}.</source>
        <translation>Le livre de voyage ne peut pas être affiché&#xa0;: {error}.</translation>
    </message>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
</context>
<context>
    <name>BudgetCommands</name>
    <message>
        <source>Add a cost of {amount}</source>
        <translation>l’ajout d’une dépense de {amount}</translation>
    </message>
    <message>
        <source>Edit a cost</source>
        <translation>la modification d’une dépense</translation>
    </message>
    <message>
        <source>Remove a cost of {amount}</source>
        <translation>la suppression d’une dépense de {amount}</translation>
    </message>
    <message>
        <source>Set the budget of “{trip}”</source>
        <translation>la définition du budget de «&#x202f;{trip}&#x202f;»</translation>
    </message>
    <message>
        <source>Set the rate of {code}</source>
        <translation>la définition du taux de {code}</translation>
    </message>
</context>
<context>
    <name>BudgetDialog</name>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>no budget</source>
        <translation>pas de budget</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>&amp;Budget&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Currency (totals are shown in it):</source>
        <translation>&amp;Devise (celle des totaux)&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Travellers:</source>
        <translation>&amp;Voyageurs&#xa0;:</translation>
    </message>
</context>
<context>
    <name>BudgetFeature</name>
    <message>
        <source>Costs</source>
        <translation>Dépenses</translation>
    </message>
    <message>
        <source>category</source>
        <translation>catégorie</translation>
    </message>
    <message>
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>étape</translation>
    </message>
    <message>
        <source>country</source>
        <translation>pays</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>Add cost…</source>
        <translation>Ajouter une dépense…</translation>
    </message>
    <message>
        <source>Budget…</source>
        <translation>Budget…</translation>
    </message>
    <message>
        <source>Totals by</source>
        <translation>Totaux par</translation>
    </message>
    <message>
        <source>&amp;Budget</source>
        <translation>&amp;Budget</translation>
    </message>
    <message>
        <source>Add &amp;cost…</source>
        <translation>Ajou&amp;ter une dépense…</translation>
    </message>
    <message>
        <source>Remove cost</source>
        <translation>Supprimer la dépense</translation>
    </message>
    <message>
        <source>Set &amp;budget…</source>
        <translation>Définir le &amp;budget…</translation>
    </message>
    <message>
        <source>Set a &amp;rate…</source>
        <translation>Définir un tau&amp;x…</translation>
    </message>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>no budget</source>
        <translation>pas de budget</translation>
    </message>
    <message>
        <source>&lt;b&gt;{trip}&lt;/b&gt; · in {home} · budget {budget} · {people}</source>
        <translation>&lt;b&gt;{trip}&lt;/b&gt; · en {home} · budget {budget} · {people}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>planned {amount}</source>
        <translation>prévu {amount}</translation>
    </message>
    <message>
        <source>paid {amount}</source>
        <translation>payé {amount}</translation>
    </message>
    <message>
        <source>{amount} left of the budget</source>
        <translation>reste {amount} sur le budget</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b71c1c&apos;&gt;{amount} over the budget&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b71c1c&apos;&gt;budget dépassé de {amount}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{amount} per person</source>
        <translation>{amount} par personne</translation>
    </message>
    <message>
        <source>No rate is known for {codes}: their costs are left out of the totals. Set a rate…</source>
        <translation>Aucun taux connu pour {codes}&#xa0;: ces dépenses ne sont pas comptées dans les totaux. Définir un taux…</translation>
    </message>
    <message>
        <source>The whole trip</source>
        <translation>Tout le voyage</translation>
    </message>
    <message>
        <source>Travel {a} → {b}</source>
        <translation>Trajet {a} → {b}</translation>
    </message>
    <message>
        <source>Site: {name}</source>
        <translation>Site&#xa0;: {name}</translation>
    </message>
    <message>
        <source>{day} is outside the trip ({start} to {end}); choose a day of the trip.</source>
        <translation>Le {day} est en dehors du voyage (du {start} au {end})&#x202f;; choisissez un jour du voyage.</translation>
    </message>
    <message>
        <source>Create or select a trip first.</source>
        <translation>Créez ou sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>Every cost is in {home}: no rate is needed.</source>
        <translation>Toutes les dépenses sont en {home}&#xa0;: aucun taux n’est nécessaire.</translation>
    </message>
    <message>
        <source>Set a rate</source>
        <translation>Définir un taux</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise&#xa0;:</translation>
    </message>
</context>
<context>
    <name>CostCategory</name>
    <message>
        <source>Lodging</source>
        <translation>Hébergement</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transports</translation>
    </message>
    <message>
        <source>Food and drink</source>
        <translation>Restauration</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Activités</translation>
    </message>
    <message>
        <source>Shopping</source>
        <translation>Shopping</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Frais</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autres</translation>
    </message>
</context>
<context>
    <name>CostDialog</name>
    <message>
        <source>Add a cost</source>
        <translation>Ajouter une dépense</translation>
    </message>
    <message>
        <source>Already paid</source>
        <translation>Déjà payé</translation>
    </message>
    <message>
        <source>A refund (money back)</source>
        <translation>Un remboursement (argent rendu)</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Montant&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;urrency:</source>
        <translation>D&amp;evise&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Pour&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Date&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note&#xa0;:</translation>
    </message>
</context>
<context>
    <name>CostsModel</name>
    <message>
        <source>home currency</source>
        <translation>devise du voyage</translation>
    </message>
    <message>
        <source>this cost&apos;s rate</source>
        <translation>taux de cette dépense</translation>
    </message>
    <message>
        <source>your rate</source>
        <translation>votre taux</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Sans date</translation>
    </message>
    <message>
        <source>The whole trip</source>
        <translation>Tout le voyage</translation>
    </message>
    <message>
        <source>Unknown country</source>
        <translation>Pays inconnu</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Pour</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>In {currency}</source>
        <translation>En {currency}</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Taux</translation>
    </message>
    <message>
        <source>No rate is known for {code} on that day: Budget → Set a rate…</source>
        <translation>Aucun taux connu pour {code} ce jour-là&#xa0;: Budget → Définir un taux…</translation>
    </message>
    <message>
        <source>1 {code} = {rate} {home} ({source})</source>
        <translation>1 {code} = {rate} {home} ({source})</translation>
    </message>
    <message>
        <source>refund {amount}</source>
        <translation>remboursement {amount}</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>payé</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>prévu</translation>
    </message>
    <message>
        <source>ECB</source>
        <translation>BCE</translation>
    </message>
    <message>
        <source>ECB {day}</source>
        <translation>BCE {day}</translation>
    </message>
    <message>
        <source>no rate</source>
        <translation>pas de taux</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflit</numerusform>
            <numerusform>%Ln conflits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln country(s)</source>
        <translation>
            <numerusform>%Ln pays</numerusform>
            <numerusform>%Ln pays</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln jour</numerusform>
            <numerusform>%Ln jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln journal entry(s)</source>
        <translation>
            <numerusform>%Ln entrée de carnet</numerusform>
            <numerusform>%Ln entrées de carnet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln leg(s)</source>
        <translation>
            <numerusform>%Ln trajet</numerusform>
            <numerusform>%Ln trajets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln night(s)</source>
        <translation>
            <numerusform>%Ln nuit</numerusform>
            <numerusform>%Ln nuits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo</numerusform>
            <numerusform>%Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln site(s)</source>
        <translation>
            <numerusform>%Ln site</numerusform>
            <numerusform>%Ln sites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln stop(s)</source>
        <translation>
            <numerusform>%Ln étape</numerusform>
            <numerusform>%Ln étapes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln traveller(s)</source>
        <translation>
            <numerusform>%Ln voyageur</numerusform>
            <numerusform>%Ln voyageurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln trip(s)</source>
        <translation>
            <numerusform>%Ln voyage</numerusform>
            <numerusform>%Ln voyages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Something went wrong inside CityPlanner: {summary}

Your saved data is safe: every change is written when you make it. The details are in {log}.</source>
        <translation>Une erreur inattendue s’est produite dans CityPlanner&#xa0;: {summary}

Vos données enregistrées ne risquent rien&#xa0;: chaque modification est écrite au moment où vous la faites. Les détails se trouvent dans {log}.</translation>
    </message>
</context>
<context>
    <name>DaysFeature</name>
    <message>
        <source>&amp;Days</source>
        <translation>&amp;Jours</translation>
    </message>
    <message>
        <source>Plan &amp;visit…</source>
        <translation>Planifier la &amp;visite…</translation>
    </message>
    <message>
        <source>Select a site in the Days view to plan it.</source>
        <translation>Sélectionnez un site dans la vue Jours pour le planifier.</translation>
    </message>
    <message>
        <source>{city} has no date yet: set the trip&apos;s start date first.</source>
        <translation>{city} n’a pas encore de date&#xa0;: définissez d’abord la date de départ du voyage.</translation>
    </message>
    <message>
        <source>Plan {site}</source>
        <translation>la planification de {site}</translation>
    </message>
    <message>
        <source>Unplan {site}</source>
        <translation>le retrait de {site} du programme</translation>
    </message>
    <message>
        <source>Plan {site} on {day}</source>
        <translation>la planification de {site} le {day}</translation>
    </message>
    <message>
        <source>{site} belongs to the stay in {city}: {reason}</source>
        <translation>{site} fait partie du séjour à {city}&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>DaysModel</name>
    <message>
        <source>Two stays claim this night: see the red rows.</source>
        <translation>Deux séjours se disputent cette nuit&#xa0;: voyez les lignes en rouge.</translation>
    </message>
    <message>
        <source>Not planned yet in {city} ({n})</source>
        <translation>Pas encore planifié à {city} ({n})</translation>
    </message>
    <message>
        <source>Drag a site onto a day of the stay to plan it; drag it here to unplan it.</source>
        <translation>Faites glisser un site sur un jour du séjour pour le planifier&#x202f;; ramenez-le ici pour le retirer du programme.</translation>
    </message>
    <message>
        <source>Day {n} · {date}</source>
        <translation>Jour {n} · {date}</translation>
    </message>
    <message>
        <source>{heading} — {city}, night {night} of {nights}</source>
        <translation>{heading} — {city}, nuit {night} sur {nights}</translation>
    </message>
    <message>
        <source>also night {night} of {nights} in {city}</source>
        <translation>aussi nuit {night} sur {nights} à {city}</translation>
    </message>
    <message>
        <source>{heading} — the trip ends</source>
        <translation>{heading} — fin du voyage</translation>
    </message>
    <message>
        <source>{heading} — no night planned</source>
        <translation>{heading} — aucune nuit prévue</translation>
    </message>
    <message>
        <source>(no travel mode)</source>
        <translation>(sans mode de transport)</translation>
    </message>
    <message>
        <source>clock {change}</source>
        <translation>décalage horaire {change}</translation>
    </message>
    <message>
        <source>about {minutes} min</source>
        <translation>environ {minutes} min</translation>
    </message>
    <message>
        <source>about {hours} h</source>
        <translation>environ {hours} h</translation>
    </message>
    <message>
        <source>about {hours} h {minutes}</source>
        <translation>environ {hours} h {minutes}</translation>
    </message>
</context>
<context>
    <name>DaysPane</name>
    <message>
        <source>Days</source>
        <translation>Jours</translation>
    </message>
    <message>
        <source>This trip has no dates yet. Choose Trip → Set start date…: each stop then arrives when the one before it leaves.</source>
        <translation>Ce voyage n’a pas encore de dates. Choisissez Voyage → Date de départ…&#xa0;: chaque étape commence alors quand la précédente se termine.</translation>
    </message>
</context>
<context>
    <name>DestinationDelegate</name>
    <message>
        <source>Goes to</source>
        <translation>Destination</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Select a stop in the itinerary or on the map to see its details.</source>
        <translation>Sélectionnez une étape dans l’itinéraire ou sur la carte pour en voir le détail.</translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <source>(not set)</source>
        <translation>(non défini)</translation>
    </message>
    <message>
        <source>Nights</source>
        <translation>Nuits</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
</context>
<context>
    <name>ExchangeCommands</name>
    <message>
        <source>Import {file}</source>
        <translation>l’import de {file}</translation>
    </message>
    <message>
        <source>Update {trip} from {file}</source>
        <translation>Mettre à jour {trip} depuis {file}</translation>
    </message>
    <message>
        <source>Import {trip} from {file}</source>
        <translation>Importer {trip} depuis {file}</translation>
    </message>
</context>
<context>
    <name>ExchangeFeature</name>
    <message>
        <source>Import places</source>
        <translation>Importer des lieux</translation>
    </message>
    <message>
        <source>&amp;Import places…</source>
        <translation>&amp;Importer des lieux…</translation>
    </message>
    <message>
        <source>Open &amp;trip file…</source>
        <translation>Ouvrir un fichier de vo&amp;yage…</translation>
    </message>
    <message>
        <source>E&amp;xport trip…</source>
        <translation>E&amp;xporter le voyage…</translation>
    </message>
    <message>
        <source>&amp;Print trip book…</source>
        <translation>Imprimer le carne&amp;t de voyage…</translation>
    </message>
    <message>
        <source>Imported {stops} and {sites} from {name}.</source>
        <translation>{stops} et {sites} importés depuis {name}.</translation>
    </message>
    <message>
        <source>Open trip file</source>
        <translation>Ouvrir un fichier de voyage</translation>
    </message>
    <message>
        <source>Updated {trip} from {name}.</source>
        <translation>{trip} mis à jour depuis {name}.</translation>
    </message>
    <message>
        <source>Imported {trip} from {name}.</source>
        <translation>{trip} importé depuis {name}.</translation>
    </message>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation>Exporter&#xa0;: {format}</translation>
    </message>
    <message>
        <source>Exported {trip} to {path}</source>
        <translation>{trip} exporté dans {path}</translation>
    </message>
    <message>
        <source>Places (*.gpx *.kml *.kmz *.geojson *.json *.csv *.ics *.ical *.ifb);;All files (*)</source>
        <translation>Lieux (*.gpx *.kml *.kmz *.geojson *.json *.csv *.ics *.ical *.ifb);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>CityPlanner trip files (*.cptrip);;All files (*)</source>
        <translation>Fichiers de voyage CityPlanner (*.cptrip);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export trip</source>
        <translation>Exporter le voyage</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Format</translation>
    </message>
</context>
<context>
    <name>ExportFormat</name>
    <message>
        <source>Interactive map (HTML)</source>
        <translation>Carte interactive (HTML)</translation>
    </message>
    <message>
        <source>Map picture (PNG)</source>
        <translation>Image de la carte (PNG)</translation>
    </message>
    <message>
        <source>GPX 1.1</source>
        <translation>GPX 1.1</translation>
    </message>
    <message>
        <source>KML</source>
        <translation>KML</translation>
    </message>
    <message>
        <source>KMZ</source>
        <translation>KMZ</translation>
    </message>
    <message>
        <source>GeoJSON</source>
        <translation>GeoJSON</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Tableau CSV</translation>
    </message>
    <message>
        <source>iCalendar</source>
        <translation>iCalendar</translation>
    </message>
    <message>
        <source>Costs (CSV)</source>
        <translation>Dépenses (CSV)</translation>
    </message>
    <message>
        <source>Travelogue (Markdown)</source>
        <translation>Carnet de voyage (Markdown)</translation>
    </message>
    <message>
        <source>Travelogue (HTML)</source>
        <translation>Carnet de voyage (HTML)</translation>
    </message>
    <message>
        <source>Travelogue (PDF)</source>
        <translation>Carnet de voyage (PDF)</translation>
    </message>
    <message>
        <source>CityPlanner trip file</source>
        <translation>Fichier de voyage CityPlanner</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import {name}</source>
        <translation>Importer {name}</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Lecture de {name}…</translation>
    </message>
    <message>
        <source>Into a &amp;new trip named</source>
        <translation>Dans un &amp;nouveau voyage nommé</translation>
    </message>
    <message>
        <source>Into the &amp;current trip, {name}</source>
        <translation>Dans le voyage &amp;actuel, {name}</translation>
    </message>
    <message>
        <source>Into the current trip</source>
        <translation>Dans le voyage actuel</translation>
    </message>
    <message>
        <source>as the file suggests</source>
        <translation>comme le fichier l’indique</translation>
    </message>
    <message>
        <source>as stops</source>
        <translation>comme étapes</translation>
    </message>
    <message>
        <source>as sites</source>
        <translation>comme sites</translation>
    </message>
    <message>
        <source>&amp;Skip places already in the database</source>
        <translation>&amp;Ignorer les lieux déjà présents dans la base</translation>
    </message>
    <message>
        <source>Import points</source>
        <translation>Importer les points</translation>
    </message>
    <message>
        <source>Import GPX &amp;routes</source>
        <translation>Importer les &amp;itinéraires GPX</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>Layers of the map</source>
        <translation>Calques de la carte</translation>
    </message>
    <message>
        <source>as the file suggests (folders naming a theme are sites)</source>
        <translation>comme le fichier l’indique (les dossiers nommant un thème deviennent des sites)</translation>
    </message>
    <message>
        <source>as separate trips, one per layer</source>
        <translation>en voyages distincts, un par calque</translation>
    </message>
    <message>
        <source>as groups of sites of one trip, themed by layer</source>
        <translation>en groupes de sites d’un même voyage, thème d’après le calque</translation>
    </message>
    <message>
        <source>Import &amp;layers</source>
        <translation>Importer les &amp;calques</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>et {n} autres</translation>
    </message>
    <message>
        <source>{n} layers: {names}</source>
        <translation>{n} calques&#x202f;: {names}</translation>
    </message>
    <message>
        <source>Nothing is written until you choose Import.</source>
        <translation>Rien n’est écrit tant que vous n’avez pas choisi Importer.</translation>
    </message>
    <message>
        <source>{error} Nothing was imported.</source>
        <translation>{error} Rien n’a été importé.</translation>
    </message>
    <message>
        <source>{name} could not be read: {error}</source>
        <translation>{name} n’a pas pu être lu&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>trip “{name}”</source>
        <translation>le voyage «&#x202f;{name}&#x202f;»</translation>
    </message>
    <message>
        <source>a new trip “{name}”</source>
        <translation>un nouveau voyage «&#x202f;{name}&#x202f;»</translation>
    </message>
    <message>
        <source>{file} ({kind}) into {target}:</source>
        <translation>{file} ({kind}) dans {target}&#xa0;:</translation>
    </message>
    <message>
        <source>sites by theme: {themes}</source>
        <translation>sites par thème&#xa0;: {themes}</translation>
    </message>
    <message>
        <source>{n} already in the database:</source>
        <translation>{n} déjà dans la base&#xa0;:</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… et {n} de plus</translation>
    </message>
    <message>
        <source>folders that could become themes: {folders}</source>
        <translation>dossiers qui pourraient devenir des thèmes&#xa0;: {folders}</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>remarque&#xa0;: {note}</translation>
    </message>
    <message>
        <source>Not found, so not imported ({n}): no position given, and the offline gazetteer knows no such place:</source>
        <translation>Introuvables, donc non importés ({n})&#x202f;: aucune position donnée, et le répertoire hors ligne ne connaît pas ce lieu&#x202f;:</translation>
    </message>
    <message>
        <source>{file} ({kind}) into {trips}:</source>
        <translation>{file} ({kind}) en {trips}&#x202f;:</translation>
    </message>
    <message>
        <source>a new trip “{name}”:</source>
        <translation>un nouveau voyage «&#x202f;{name}&#x202f;»&#x202f;:</translation>
    </message>
    <message>
        <source>recorded tracks: {count}; points: {points}; length: {length}</source>
        <translation>traces enregistrées : {count} ; points : {points} ; longueur : {length}</translation>
    </message>
    <message>
        <source>planned lines: {count}; points: {points}; length: {length}</source>
        <translation>tracés prévus : {count} ; points : {points} ; longueur : {length}</translation>
    </message>
</context>
<context>
    <name>Itinerary</name>
    <message>
        <source>Itinerary</source>
        <translation>Itinéraire</translation>
    </message>
    <message>
        <source>No stops yet</source>
        <translation>Pas encore d’étapes</translation>
    </message>
    <message>
        <source>{co2} kg CO2e</source>
        <translation>{co2} kg CO2e</translation>
    </message>
    <message>
        <source>The stay in {city} would end after the year 9999.</source>
        <translation>Le séjour à {city} finirait après l’an 9999.</translation>
    </message>
    <message>
        <source>{city} is pinned {days} before the trip&apos;s start.</source>
        <translation>{city} est fixée {days} avant le départ du voyage.</translation>
    </message>
    <message>
        <source>{city} is pinned to arrive on {arrival}, {days} before the stay in {before} ends ({end}).</source>
        <translation>L’arrivée à {city} est fixée au {arrival}, {days} avant la fin du séjour à {before} ({end}).</translation>
    </message>
    <message>
        <source>{days} free before {city}.</source>
        <translation>{days} libres avant {city}.</translation>
    </message>
    <message>
        <source>Pinned: this date stays when the stops before it change.</source>
        <translation>Fixée&#xa0;: cette date reste quand les étapes précédentes changent.</translation>
    </message>
    <message>
        <source>Follows the previous stop&apos;s departure. Type a date to pin it.</source>
        <translation>Suit le départ de l’étape précédente. Saisissez une date pour la fixer.</translation>
    </message>
    <message>
        <source>The trip has no start date yet: Trip → Set start date…</source>
        <translation>Le voyage n’a pas encore de date de départ&#xa0;: Voyage → Date de départ…</translation>
    </message>
</context>
<context>
    <name>ItineraryCommands</name>
    <message>
        <source>New trip “{name}”</source>
        <translation>la création du voyage «&#x202f;{name}&#x202f;»</translation>
    </message>
    <message>
        <source>Delete trip “{name}”</source>
        <translation>la suppression du voyage «&#x202f;{name}&#x202f;»</translation>
    </message>
    <message>
        <source>Rename trip to “{name}”</source>
        <translation>le renommage du voyage en «&#x202f;{name}&#x202f;»</translation>
    </message>
    <message>
        <source>Edit trip</source>
        <translation>la modification du voyage</translation>
    </message>
    <message>
        <source>Start “{trip}” on {day}</source>
        <translation>le départ de «&#x202f;{trip}&#x202f;» le {day}</translation>
    </message>
    <message>
        <source>Clear the start date</source>
        <translation>l’effacement de la date de départ</translation>
    </message>
    <message>
        <source>Add stop {city}</source>
        <translation>l’ajout de l’étape {city}</translation>
    </message>
    <message>
        <source>Remove stop {city}</source>
        <translation>la suppression de l’étape {city}</translation>
    </message>
    <message>
        <source>Move {city} to position {n}</source>
        <translation>le déplacement de {city} en position {n}</translation>
    </message>
    <message>
        <source>Edit {city}</source>
        <translation>la modification de {city}</translation>
    </message>
    <message>
        <source>Move {city} on the map</source>
        <translation>Déplacer {city} sur la carte</translation>
    </message>
    <message>
        <source>Add site {name}</source>
        <translation>l’ajout du site {name}</translation>
    </message>
    <message>
        <source>Edit site {name}</source>
        <translation>la modification du site {name}</translation>
    </message>
    <message>
        <source>Remove site {name}</source>
        <translation>la suppression du site {name}</translation>
    </message>
    <message>
        <source>Move site {name} on the map</source>
        <translation>Déplacer le site {name} sur la carte</translation>
    </message>
</context>
<context>
    <name>ItineraryFeature</name>
    <message>
        <source>&amp;New trip…</source>
        <translation>&amp;Nouveau voyage…</translation>
    </message>
    <message>
        <source>&amp;Rename trip…</source>
        <translation>&amp;Renommer le voyage…</translation>
    </message>
    <message>
        <source>&amp;Delete trip</source>
        <translation>&amp;Supprimer le voyage</translation>
    </message>
    <message>
        <source>Move stop &amp;up</source>
        <translation>&amp;Monter l’étape</translation>
    </message>
    <message>
        <source>Move stop do&amp;wn</source>
        <translation>Desce&amp;ndre l’étape</translation>
    </message>
    <message>
        <source>Delete selected &amp;stop</source>
        <translation>S&amp;upprimer l’étape sélectionnée</translation>
    </message>
    <message>
        <source>&amp;Optimise route…</source>
        <translation>&amp;Optimiser l’itinéraire…</translation>
    </message>
    <message>
        <source>Set &amp;start date…</source>
        <translation>Date de dé&amp;part…</translation>
    </message>
    <message>
        <source>&amp;Pin arrival</source>
        <translation>&amp;Fixer l’arrivée</translation>
    </message>
    <message>
        <source>&amp;Let arrival follow</source>
        <translation>&amp;Laisser l’arrivée suivre</translation>
    </message>
    <message>
        <source>Add &amp;site to stop…</source>
        <translation>Ajouter un &amp;site à l’étape…</translation>
    </message>
    <message>
        <source>Remove site</source>
        <translation>Retirer le site</translation>
    </message>
    <message>
        <source>&amp;Trips list</source>
        <translation>Liste des &amp;voyages</translation>
    </message>
    <message>
        <source>&amp;Itinerary</source>
        <translation>&amp;Itinéraire</translation>
    </message>
    <message>
        <source>Create or select a trip first.</source>
        <translation>Créez ou sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>A route needs at least three stops to be reordered.</source>
        <translation>Il faut au moins trois étapes pour réordonner un itinéraire.</translation>
    </message>
    <message>
        <source>Optimise route ({before} → {after})</source>
        <translation>l’optimisation de l’itinéraire ({before} → {after})</translation>
    </message>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>Select a stop first.</source>
        <translation>Sélectionnez d’abord une étape.</translation>
    </message>
    <message>
        <source>This trip has no dates yet: set its start date first (Trip → Set start date…).</source>
        <translation>Ce voyage n’a pas encore de dates&#xa0;: définissez d’abord sa date de départ (Voyage → Date de départ…).</translation>
    </message>
</context>
<context>
    <name>JournalCommands</name>
    <message>
        <source>Write “{title}”</source>
        <translation>la rédaction de «&#x202f;{title}&#x202f;»</translation>
    </message>
    <message>
        <source>Edit “{title}”</source>
        <translation>la modification de «&#x202f;{title}&#x202f;»</translation>
    </message>
    <message>
        <source>Delete “{title}”</source>
        <translation>la suppression de «&#x202f;{title}&#x202f;»</translation>
    </message>
</context>
<context>
    <name>JournalFeature</name>
    <message>
        <source>New &amp;journal entry</source>
        <translation>Nouvell&amp;e entrée de carnet</translation>
    </message>
    <message>
        <source>&amp;Journal</source>
        <translation>&amp;Carnet</translation>
    </message>
    <message>
        <source>This trip has no photos yet: add some first (File → Add photos…).</source>
        <translation>Ce voyage n’a pas encore de photos&#xa0;: ajoutez-en d’abord (Fichier → Ajouter des photos…).</translation>
    </message>
    <message>
        <source>Create or select a trip first.</source>
        <translation>Créez ou sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>Notes from {city}</source>
        <translation>Notes de {city}</translation>
    </message>
    <message>
        <source>Trip notes</source>
        <translation>Notes de voyage</translation>
    </message>
</context>
<context>
    <name>JournalPane</name>
    <message>
        <source>&amp;New entry</source>
        <translation>&amp;Nouvelle entrée</translation>
    </message>
    <message>
        <source>Delete entry</source>
        <translation>Supprimer l’entrée</translation>
    </message>
    <message>
        <source>Write in Markdown: **bold**, *italic*, - lists, # headings</source>
        <translation>Écrivez en Markdown&#xa0;: **gras**, *italique*, - listes, # titres</translation>
    </message>
    <message>
        <source>Insert &amp;photo…</source>
        <translation>Insérer une &amp;photo…</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Écrire</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <source>About</source>
        <translation>À propos de</translation>
    </message>
    <message>
        <source>The whole trip</source>
        <translation>Tout le voyage</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>in-memory database</source>
        <translation>base de données en mémoire</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (lecture seule)</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Carnet</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Jours</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Trip</source>
        <translation>&amp;Voyage</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>&amp;Carte</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>Damaged: read-only</source>
        <translation>Endommagé&#xa0;: lecture seule</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
</context>
<context>
    <name>MapController</name>
    <message>
        <source>No trip selected</source>
        <translation>Aucun voyage sélectionné</translation>
    </message>
</context>
<context>
    <name>MapFeature</name>
    <message>
        <source>Map</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>Ca&amp;rte</translation>
    </message>
    <message>
        <source>Export &amp;map as web page…</source>
        <translation>Exporter la carte en &amp;page web…</translation>
    </message>
    <message>
        <source>Export map as &amp;image…</source>
        <translation>Exporter la carte en i&amp;mage…</translation>
    </message>
    <message>
        <source>&amp;Colour the map by day</source>
        <translation>C&amp;olorer la carte par jour</translation>
    </message>
    <message>
        <source>Show only the &amp;selected day on the map</source>
        <translation>&amp;N’afficher que le jour sélectionné sur la carte</translation>
    </message>
    <message>
        <source>Stop &amp;labels</source>
        <translation>Noms des ét&amp;apes</translation>
    </message>
    <message>
        <source>&amp;Zoom to trip</source>
        <translation>Voir tout &amp;le voyage</translation>
    </message>
    <message>
        <source>Zoom to selected s&amp;top</source>
        <translation>&amp;Zoomer sur l’étape sélectionnée</translation>
    </message>
    <message>
        <source>Select a stop first.</source>
        <translation>Sélectionnez d’abord une étape.</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Zoom here</source>
        <translation>&amp;Zoomer ici</translation>
    </message>
    <message>
        <source>Export map as a web page</source>
        <translation>Exporter la carte en page web</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Page web (*.html)</translation>
    </message>
    <message>
        <source>Saving the map to {path}…</source>
        <translation>Enregistrement de la carte dans {path}…</translation>
    </message>
    <message>
        <source>Saved the map to {path}</source>
        <translation>Carte enregistrée dans {path}</translation>
    </message>
    <message>
        <source>Export map as an image</source>
        <translation>Exporter la carte en image</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <source>Saved the map image to {path}</source>
        <translation>Image de la carte enregistrée dans {path}</translation>
    </message>
</context>
<context>
    <name>MapPacks</name>
    <message>
        <source>Add map &amp;pack…</source>
        <translation>Ajouter un &amp;fond de carte…</translation>
    </message>
    <message>
        <source>C&amp;lear map cache…</source>
        <translation>&amp;Vider le cache de la carte…</translation>
    </message>
    <message>
        <source>&amp;Remove map pack</source>
        <translation>&amp;Retirer un fond de carte</translation>
    </message>
    <message>
        <source>Map packs not found, left off the map: {names}</source>
        <translation>Fonds de carte introuvables, laissés hors de la carte : {names}</translation>
    </message>
    <message>
        <source>Add a map pack</source>
        <translation>Ajouter un fond de carte</translation>
    </message>
    <message>
        <source>Map packs (*.mbtiles *.pmtiles);;All files (*)</source>
        <translation>Fonds de carte (*.mbtiles *.pmtiles);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>That map pack is on the map already.</source>
        <translation>Ce fond de carte est déjà sur la carte.</translation>
    </message>
    <message>
        <source>Add map pack {name}</source>
        <translation>Ajouter le fond de carte {name}</translation>
    </message>
    <message>
        <source>Added the map pack {name} (zoom {low} to {high}).</source>
        <translation>Fond de carte {name} ajouté (zoom {low} à {high}).</translation>
    </message>
    <message>
        <source>Remove map pack {name}</source>
        <translation>Retirer le fond de carte {name}</translation>
    </message>
    <message>
        <source>{name} (not found)</source>
        <translation>{name} (introuvable)</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} Mo</translation>
    </message>
    <message>
        <source>The map cache cannot be used: {problem}</source>
        <translation>Le cache de la carte est inutilisable : {problem}</translation>
    </message>
    <message>
        <source>Clear map cache</source>
        <translation>Vider le cache de la carte</translation>
    </message>
    <message>
        <source>Delete the {count} online map tiles kept for offline use ({size})?
The online layer fetches them again when it shows them.</source>
        <translation>Supprimer les {count} tuiles de carte en ligne gardées pour l’usage hors ligne ({size}) ?
La couche en ligne les récupère de nouveau quand elle les affiche.</translation>
    </message>
    <message>
        <source>Cleared the map cache ({size}).</source>
        <translation>Cache de la carte vidé ({size}).</translation>
    </message>
    <message>
        <source>Online map tiles are shown but not kept for offline use: the cache folder cannot be written ({problem}).</source>
        <translation>Les tuiles de carte en ligne s’affichent mais ne sont pas gardées pour l’usage hors ligne : impossible d’écrire dans le dossier du cache ({problem}).</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Stops</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Itinéraire</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Colours: the day of the trip (then in turn)</source>
        <translation>Couleurs&#xa0;: le jour du voyage (puis à tour de rôle)</translation>
    </message>
    <message>
        <source>Offline map</source>
        <translation>Carte hors ligne</translation>
    </message>
    <message>
        <source>Place names (offline)</source>
        <translation>Noms de lieux (hors ligne)</translation>
    </message>
    <message>
        <source>OpenStreetMap (online)</source>
        <translation>OpenStreetMap (en ligne)</translation>
    </message>
    <message>
        <source>Add site here</source>
        <translation>Ajouter un site ici</translation>
    </message>
    <message>
        <source>nights</source>
        <translation>nuits</translation>
    </message>
    <message>
        <source>night</source>
        <translation>nuit</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Non défini</translation>
    </message>
    <message>
        <source>Web page</source>
        <translation>Page web</translation>
    </message>
    <message>
        <source>approximate position</source>
        <translation>position approximative</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>shown at its site (no position of its own)</source>
        <translation>montrée à son site (sans position propre)</translation>
    </message>
    <message>
        <source>shown at its stop (no position of its own)</source>
        <translation>montrée à son étape (sans position propre)</translation>
    </message>
    <message>
        <source>Zoom to trip</source>
        <translation>Voir tout le voyage</translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>Recorded track</source>
        <translation>Trace enregistrée</translation>
    </message>
    <message>
        <source>Planned track</source>
        <translation>Itinéraire prévu</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move photos</source>
        <translation>Déplacer des photos</translation>
    </message>
    <message>
        <source>Where do these photos belong?</source>
        <translation>Où ces photos doivent-elles aller&#x202f;?</translation>
    </message>
    <message>
        <source>&amp;Move to</source>
        <translation>&amp;Déplacer vers</translation>
    </message>
</context>
<context>
    <name>OptimiseDialog</name>
    <message>
        <source>Optimise route</source>
        <translation>Optimiser l’itinéraire</translation>
    </message>
    <message>
        <source>&amp;Round trip (come back to the first stop)</source>
        <translation>&amp;Boucle (revenir à la première étape)</translation>
    </message>
    <message>
        <source>&amp;Keep the last stop last</source>
        <translation>&amp;Garder la dernière étape en dernier</translation>
    </message>
    <message>
        <source>Keep stops with a &amp;pinned arrival where they are</source>
        <translation>Laisser en place les étapes à l’arrivée &amp;fixée</translation>
    </message>
    <message>
        <source>&amp;Apply new order</source>
        <translation>&amp;Appliquer le nouvel ordre</translation>
    </message>
    <message>
        <source>Current order</source>
        <translation>Ordre actuel</translation>
    </message>
    <message>
        <source>Proposed order</source>
        <translation>Ordre proposé</translation>
    </message>
    <message>
        <source>Looking for a shorter order…</source>
        <translation>Recherche d’un ordre plus court…</translation>
    </message>
    <message>
        <source>Current: {before}. Proposed: {after} — {saving} shorter ({pct} %).</source>
        <translation>Actuel&#xa0;: {before}. Proposé&#xa0;: {after} — {saving} de moins ({pct}&#xa0;%).</translation>
    </message>
    <message>
        <source>The current order ({distance}) is already the shortest found.</source>
        <translation>L’ordre actuel ({distance}) est déjà le plus court trouvé.</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> et {n} autres</translation>
    </message>
    <message>
        <source>Arrivals that move: {list}.</source>
        <translation>Arrivées déplacées&#xa0;: {list}.</translation>
    </message>
</context>
<context>
    <name>PhotoChooser</name>
    <message>
        <source>Insert photo</source>
        <translation>Insérer une photo</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>&amp;Insérer</translation>
    </message>
</context>
<context>
    <name>PhotoCommands</name>
    <message>
        <source>Add {photos}</source>
        <translation>l’ajout de {photos}</translation>
    </message>
    <message>
        <source>Remove {photos}</source>
        <translation>le retrait de {photos}</translation>
    </message>
    <message>
        <source>Caption {name}</source>
        <translation>la légende de {name}</translation>
    </message>
    <message>
        <source>Move {photos} to {place}</source>
        <translation>le déplacement de {photos} vers {place}</translation>
    </message>
    <message>
        <source>Find {photos} again</source>
        <translation>la redécouverte de {photos}</translation>
    </message>
</context>
<context>
    <name>PhotoLeftOut</name>
    <message>
        <source>hidden</source>
        <translation>caché(s)</translation>
    </message>
    <message>
        <source>not a photo file</source>
        <translation>pas un fichier photo</translation>
    </message>
    <message>
        <source>HEIC (install the heic extra)</source>
        <translation>HEIC (installez l’extra heic)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>introuvable(s)</translation>
    </message>
    <message>
        <source>unreadable folder</source>
        <translation>dossier illisible</translation>
    </message>
    <message>
        <source>not a valid image</source>
        <translation>pas une image valable</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>trop grande(s)</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>illisible(s)</translation>
    </message>
    <message>
        <source>already in the trip</source>
        <translation>déjà dans le voyage</translation>
    </message>
    <message>
        <source>same photo as another file</source>
        <translation>même photo qu’un autre fichier</translation>
    </message>
</context>
<context>
    <name>PhotoPlaces</name>
    <message>
        <source>Not placed</source>
        <translation>Non placée</translation>
    </message>
    <message>
        <source>journal: {title}</source>
        <translation>journal&#xa0;: {title}</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Photos shown</source>
        <translation>Photos affichées</translation>
    </message>
    <message>
        <source>Whole trip</source>
        <translation>Tout le voyage</translation>
    </message>
    <message>
        <source>Not placed</source>
        <translation>Non placées</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>This stop</source>
        <translation>Cette étape</translation>
    </message>
    <message>
        <source>Photos ({n})</source>
        <translation>Photos ({n})</translation>
    </message>
    <message>
        <source>Photos of a trip show here.</source>
        <translation>Les photos d’un voyage s’affichent ici.</translation>
    </message>
    <message>
        <source>No photos yet: add some (File → Add photos…) or drop them on the window.</source>
        <translation>Pas encore de photos&#xa0;: ajoutez-en (Fichier → Ajouter des photos…) ou déposez-les sur la fenêtre.</translation>
    </message>
    <message>
        <source>No photos here: choose another stop, or “Whole trip”.</source>
        <translation>Pas de photos ici&#xa0;: choisissez une autre étape, ou «&#x202f;Tout le voyage&#x202f;».</translation>
    </message>
    <message>
        <source>{n} missing…</source>
        <translation>Manquantes&#xa0;: {n}…</translation>
    </message>
</context>
<context>
    <name>PhotosFeature</name>
    <message>
        <source>Add &amp;photos…</source>
        <translation>&amp;Ajouter des photos…</translation>
    </message>
    <message>
        <source>Add a &amp;folder of photos…</source>
        <translation>Ajouter un &amp;dossier de photos…</translation>
    </message>
    <message>
        <source>Find mo&amp;ved photos…</source>
        <translation>Retrou&amp;ver les photos déplacées…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>Open containing &amp;folder</source>
        <translation>Ouvrir le &amp;dossier</translation>
    </message>
    <message>
        <source>Edit &amp;caption…</source>
        <translation>Modifier la &amp;légende…</translation>
    </message>
    <message>
        <source>&amp;Move to…</source>
        <translation>Dé&amp;placer vers…</translation>
    </message>
    <message>
        <source>&amp;Remove from trip</source>
        <translation>&amp;Retirer du voyage</translation>
    </message>
    <message>
        <source>Photos ({patterns});;All files (*)</source>
        <translation>Photos ({patterns});;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Ajouter des photos</translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation>Ajouter un dossier de photos</translation>
    </message>
    <message>
        <source>Added {photos} to the trip.</source>
        <translation>Ajouté au voyage&#xa0;: {photos}.</translation>
    </message>
    <message>
        <source>Create or select a trip first.</source>
        <translation>Créez ou sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>{name} is no longer at {path}.</source>
        <translation>{name} n’est plus à l’emplacement {path}.</translation>
    </message>
    <message>
        <source>{folder} is gone.</source>
        <translation>{folder} n’existe plus.</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Caption of {name}:</source>
        <translation>Légende de {name}&#xa0;:</translation>
    </message>
    <message>
        <source>Removed {photos} from the trip; the files were left where they are.</source>
        <translation>Retiré du voyage&#xa0;: {photos}&#x202f;; les fichiers sont restés où ils sont.</translation>
    </message>
</context>
<context>
    <name>PlaceDialog</name>
    <message>
        <source>Add a stop by coordinates</source>
        <translation>Ajouter une étape par coordonnées</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Country code</source>
        <translation>&amp;Code pays</translation>
    </message>
    <message>
        <source>&amp;Latitude</source>
        <translation>&amp;Latitude</translation>
    </message>
    <message>
        <source>L&amp;ongitude</source>
        <translation>L&amp;ongitude</translation>
    </message>
</context>
<context>
    <name>PlaceFinder</name>
    <message>
        <source>City search preparation</source>
        <translation>Préparation de la recherche de villes</translation>
    </message>
    <message>
        <source>Preparing city search… %p%</source>
        <translation>Préparation de la recherche de villes…&#xa0;%p&#xa0;%</translation>
    </message>
    <message>
        <source>The offline index of 235,000 cities is prepared once, in the background.</source>
        <translation>L’index hors ligne de 235 000 villes est préparé une seule fois, en arrière-plan.</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>The city index was not built; city search stays off until the next start. You can still add stops by coordinates.</source>
        <translation>L’index des villes n’a pas été construit&#x202f;; la recherche de villes reste désactivée jusqu’au prochain démarrage. Vous pouvez toujours ajouter des étapes par coordonnées.</translation>
    </message>
    <message>
        <source>The city index could not be built: {error}</source>
        <translation>L’index des villes n’a pas pu être construit&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Online lookups are not available.</source>
        <translation>Les recherches en ligne ne sont pas disponibles.</translation>
    </message>
    <message>
        <source>OpenStreetMap knows no place by that description.</source>
        <translation>OpenStreetMap ne connaît aucun lieu correspondant à cette description.</translation>
    </message>
    <message>
        <source>Choose the place</source>
        <translation>Choisir le lieu</translation>
    </message>
    <message>
        <source>Add which place as a stop?</source>
        <translation>Quel lieu ajouter comme étape&#x202f;?</translation>
    </message>
    <message>
        <source>The online lookup failed: {error}</source>
        <translation>La recherche en ligne a échoué&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>PlaceSearchField</name>
    <message>
        <source>Add a city… (Ctrl+L)</source>
        <translation>Ajouter une ville… (Ctrl+L)</translation>
    </message>
    <message>
        <source>Type a city&apos;s name in any language or script, then Enter to add the best match after the selected stop, or pick another from the list.</source>
        <translation>Tapez le nom d’une ville dans n’importe quelle langue ou écriture, puis Entrée pour ajouter la meilleure correspondance après l’étape choisie, ou choisissez-en une autre dans la liste.</translation>
    </message>
    <message>
        <source>{km} km away</source>
        <translation>à {km} km</translation>
    </message>
</context>
<context>
    <name>PlacesFeature</name>
    <message>
        <source>Add a city</source>
        <translation>Ajouter une ville</translation>
    </message>
    <message>
        <source>City search is being prepared…</source>
        <translation>La recherche de villes est en préparation…</translation>
    </message>
    <message>
        <source>Address online…</source>
        <translation>Adresse en ligne…</translation>
    </message>
    <message>
        <source>Look up an address or landmark on OpenStreetMap</source>
        <translation>Chercher une adresse ou un lieu connu sur OpenStreetMap</translation>
    </message>
    <message>
        <source>By coordinates…</source>
        <translation>Par coordonnées…</translation>
    </message>
    <message>
        <source>&amp;Find a city to add…</source>
        <translation>&amp;Chercher une ville à ajouter…</translation>
    </message>
    <message>
        <source>Find &amp;address online…</source>
        <translation>Chercher une &amp;adresse en ligne…</translation>
    </message>
    <message>
        <source>Add stop by &amp;coordinates…</source>
        <translation>Ajouter une étape par coor&amp;données…</translation>
    </message>
    <message>
        <source>City search is not ready yet.</source>
        <translation>La recherche de villes n’est pas encore prête.</translation>
    </message>
    <message>
        <source>Find an address online</source>
        <translation>Chercher une adresse en ligne</translation>
    </message>
    <message>
        <source>Address or landmark (looked up on OpenStreetMap):</source>
        <translation>Adresse ou lieu connu (cherché sur OpenStreetMap)&#xa0;:</translation>
    </message>
    <message>
        <source>Preparing city search (once, in the background): {stage}…</source>
        <translation>Préparation de la recherche de villes (une seule fois, en arrière-plan)&#xa0;: {stage}…</translation>
    </message>
    <message>
        <source>Add a city… (Ctrl+L)</source>
        <translation>Ajouter une ville… (Ctrl+L)</translation>
    </message>
    <message>
        <source>City search is ready</source>
        <translation>La recherche de villes est prête</translation>
    </message>
    <message>
        <source>City search is off until the next start: add stops by coordinates</source>
        <translation>Recherche de villes désactivée jusqu’au prochain démarrage&#xa0;: ajoutez les étapes par coordonnées</translation>
    </message>
    <message>
        <source>No city called “{text}” — &lt;a href=&quot;online&quot;&gt;Address online…&lt;/a&gt;</source>
        <translation>Aucune ville nommée «&#x202f;{text}&#x202f;» — &lt;a href=&quot;online&quot;&gt;Adresse en ligne…&lt;/a&gt;</translation>
    </message>
    <message>
        <source>No city called “{text}”: similar names are listed</source>
        <translation>Aucune ville nommée «&#x202f;{text}&#x202f;»&#xa0;: des noms proches sont proposés</translation>
    </message>
    <message>
        <source>No city called “{text}” is known offline. Try “Address online…” or add it by coordinates.</source>
        <translation>Aucune ville nommée «&#x202f;{text}&#x202f;» n’est connue hors ligne. Essayez «&#x202f;Adresse en ligne…&#x202f;» ou ajoutez-la par coordonnées.</translation>
    </message>
    <message>
        <source>Looking up the address online…</source>
        <translation>Recherche de l’adresse en ligne…</translation>
    </message>
</context>
<context>
    <name>PlanVisitDialog</name>
    <message>
        <source>Plan visit — {site}</source>
        <translation>Planifier la visite — {site}</translation>
    </message>
    <message>
        <source>Not planned</source>
        <translation>Non planifié</translation>
    </message>
    <message>
        <source>Day {n} of the stay · {date}</source>
        <translation>Jour {n} du séjour · {date}</translation>
    </message>
    <message>
        <source>at</source>
        <translation>à</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>no set duration</source>
        <translation>durée non précisée</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>&amp;Jour&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>&amp;Heure&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Takes:</source>
        <translation>&amp;Durée&#xa0;:</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Comme le système (%1)</translation>
    </message>
    <message>
        <source>Kilometres (km)</source>
        <translation>Kilomètres (km)</translation>
    </message>
    <message>
        <source>Miles (mi)</source>
        <translation>Miles (mi)</translation>
    </message>
    <message>
        <source>Refer to the originals, where they are</source>
        <translation>Renvoyer aux originaux, là où ils sont</translation>
    </message>
    <message>
        <source>Copy them into a folder beside the database</source>
        <translation>Les copier dans un dossier à côté de la base de données</translation>
    </message>
    <message>
        <source>A referred original that is moved is found again by its content (File → Find moved photos…); a copy moves with the database.</source>
        <translation>Un original déplacé est retrouvé d’après son contenu (Fichier → Retrouver les photos déplacées…)&#x202f;; une copie suit la base de données.</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <source>Online map tiles the map has shown are kept for offline use, up to this size; the least recently shown go first (Map → Clear map cache… empties it).</source>
        <translation>Les tuiles de carte en ligne déjà affichées sont gardées pour l’usage hors ligne, jusqu’à cette taille ; les moins récemment affichées partent d’abord (Carte → Vider le cache de la carte… le vide).</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Distances in</source>
        <translation>&amp;Distances en</translation>
    </message>
    <message>
        <source>New stops &amp;reached by</source>
        <translation>Nouvelles étapes &amp;rejointes en</translation>
    </message>
    <message>
        <source>Added &amp;photos</source>
        <translation>&amp;Photos ajoutées</translation>
    </message>
    <message>
        <source>Map &amp;cache up to</source>
        <translation>&amp;Cache de la carte jusqu’à</translation>
    </message>
    <message>
        <source>A new language shows from the next start of CityPlanner.</source>
        <translation>La nouvelle langue s’affichera au prochain démarrage de CityPlanner.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Add photos</source>
        <translation>Ajouter des photos</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>Recherche des photos…</translation>
    </message>
    <message>
        <source>Photos to add</source>
        <translation>Photos à ajouter</translation>
    </message>
    <message>
        <source>The photos are copied into {folder} (Edit → Preferences…).</source>
        <translation>Les photos sont copiées dans {folder} (Édition → Préférences…).</translation>
    </message>
    <message>
        <source>The photos stay where they are: the trip refers to them (Edit → Preferences…).</source>
        <translation>Les photos restent où elles sont&#xa0;: le voyage y renvoie (Édition → Préférences…).</translation>
    </message>
    <message>
        <source>&amp;Add photos</source>
        <translation>&amp;Ajouter des photos</translation>
    </message>
    <message>
        <source>Reading photo {done} of {total}…</source>
        <translation>Lecture de la photo {done} sur {total}…</translation>
    </message>
    <message>
        <source>The photos could not be read: {error}</source>
        <translation>Les photos n’ont pas pu être lues&#xa0;: {error}</translation>
    </message>
    <message>
        <source>There is no new photo to add.</source>
        <translation>Il n’y a aucune nouvelle photo à ajouter.</translation>
    </message>
    <message>
        <source>{n} by the time taken</source>
        <translation>{n} d’après l’heure de prise de vue</translation>
    </message>
    <message>
        <source>{n} by position</source>
        <translation>{n} d’après la position</translation>
    </message>
    <message>
        <source>{n} by hand</source>
        <translation>{n} à la main</translation>
    </message>
    <message>
        <source>{photos} to add.</source>
        <translation>{photos} à ajouter.</translation>
    </message>
    <message>
        <source>Placed: {parts}.</source>
        <translation>Placées&#xa0;: {parts}.</translation>
    </message>
    <message>
        <source>{n} without a place (highlighted): choose a stop, or add them unplaced.</source>
        <translation>{n} sans place (en surbrillance)&#xa0;: choisissez une étape, ou ajoutez-les sans place.</translation>
    </message>
    <message>
        <source>&amp;Add {photos}</source>
        <translation>&amp;Ajouter {photos}</translation>
    </message>
    <message>
        <source>Refused: {name}: {reason}</source>
        <translation>Refusé&#xa0;: {name}&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Left out: {parts}.</source>
        <translation>Laissés de côté&#xa0;: {parts}.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Prise le</translation>
    </message>
    <message>
        <source>Goes to</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>sans date</translation>
    </message>
    <message>
        <source>Not placed: choose a stop</source>
        <translation>Non placée&#xa0;: choisissez une étape</translation>
    </message>
    <message>
        <source>Placed by hand.</source>
        <translation>Placée à la main.</translation>
    </message>
</context>
<context>
    <name>RateDialog</name>
    <message>
        <source>Rate for {code}</source>
        <translation>Taux pour {code}</translation>
    </message>
    <message>
        <source>use the reference rates</source>
        <translation>utiliser les taux de référence</translation>
    </message>
    <message>
        <source>What one {code} is worth in {home}. It is used for every {code} cost of this trip that has no rate of its own, instead of the ECB&apos;s reference rates.</source>
        <translation>Ce que vaut 1 {code} en {home}. Ce taux s’applique à chaque dépense en {code} de ce voyage qui n’a pas son propre taux, à la place des taux de référence de la BCE.</translation>
    </message>
    <message>
        <source>1 {code} = … {home}:</source>
        <translation>1 {code} = … {home}&#xa0;:</translation>
    </message>
</context>
<context>
    <name>Relinking</name>
    <message>
        <source>Select a trip first.</source>
        <translation>Sélectionnez d’abord un voyage.</translation>
    </message>
    <message>
        <source>Find moved photos in the folder</source>
        <translation>Retrouver les photos déplacées dans le dossier</translation>
    </message>
    <message>
        <source>Looking for the missing photos in {folder}…</source>
        <translation>Recherche des photos manquantes dans {folder}…</translation>
    </message>
    <message>
        <source>No photo of this trip is missing.</source>
        <translation>Aucune photo de ce voyage ne manque.</translation>
    </message>
    <message>
        <source>Found {found} again in {folder}; {missing} still missing.</source>
        <translation>Retrouvé dans {folder}&#xa0;: {found}&#x202f;; toujours manquant&#xa0;: {missing}.</translation>
    </message>
    <message>
        <source>Find moved photos</source>
        <translation>Retrouver les photos déplacées</translation>
    </message>
</context>
<context>
    <name>RoutesChoice</name>
    <message>
        <source>as stops, route after route</source>
        <translation>en étapes, un itinéraire après l’autre</translation>
    </message>
    <message>
        <source>as planned lines</source>
        <translation>en tracés prévus</translation>
    </message>
    <message>
        <source>Each route of a GPX file can add its points to the trip as stops, or stay a line on the map, planned rather than recorded.</source>
        <translation>Chaque itinéraire d’un fichier GPX peut ajouter ses points au voyage comme étapes, ou rester un tracé sur la carte, prévu plutôt qu’enregistré.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Move between panes</source>
        <translation>Passer d’un panneau à l’autre</translation>
    </message>
    <message>
        <source>Edit the current cell</source>
        <translation>Modifier la cellule courante</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
</context>
<context>
    <name>SiteEditing</name>
    <message>
        <source>Select the stop where the site is first.</source>
        <translation>Sélectionnez d’abord l’étape où se trouve le site.</translation>
    </message>
    <message>
        <source>Add a stop to this trip before adding sites.</source>
        <translation>Ajoutez une étape à ce voyage avant d’y ajouter des sites.</translation>
    </message>
    <message>
        <source>The trip shown has changed; the site was not added.</source>
        <translation>Le voyage affiché a changé&#x202f;; le site n’a pas été ajouté.</translation>
    </message>
</context>
<context>
    <name>SiteEditor</name>
    <message>
        <source>comma-separated</source>
        <translation>séparés par des virgules</translation>
    </message>
    <message>
        <source>Back to the stop</source>
        <translation>Retour à l’étape</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>É&amp;tat</translation>
    </message>
    <message>
        <source>Lat, lon</source>
        <translation>Lat., long.</translation>
    </message>
    <message>
        <source>A&amp;ddress</source>
        <translation>A&amp;dresse</translation>
    </message>
    <message>
        <source>&amp;Web</source>
        <translation>&amp;Web</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>&amp;Mots-clés</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Approximate position: set its coordinates when you know them.</source>
        <translation>Position approximative&#xa0;: indiquez ses coordonnées quand vous les connaîtrez.</translation>
    </message>
</context>
<context>
    <name>SiteStatus</name>
    <message>
        <source>Idea</source>
        <translation>Idée</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>Visité</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Abandonné</translation>
    </message>
</context>
<context>
    <name>StartDateDialog</name>
    <message>
        <source>Set start date</source>
        <translation>Date de départ</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Date de départ</translation>
    </message>
    <message>
        <source>“{trip}” starts on this day. Each stop then arrives when the one before it leaves, except stops whose arrival is pinned.</source>
        <translation>«&#x202f;{trip}&#x202f;» commence ce jour-là. Chaque étape commence ensuite quand la précédente se termine, sauf les étapes dont l’arrivée est fixée.</translation>
    </message>
</context>
<context>
    <name>StatsCharts</name>
    <message>
        <source>{title} — nothing yet</source>
        <translation>{title} — rien pour l’instant</translation>
    </message>
    <message>
        <source> (the first {n} stops of {total})</source>
        <translation> (les {n} premières étapes sur {total})</translation>
    </message>
    <message>
        <source>nights</source>
        <translation>nuits</translation>
    </message>
</context>
<context>
    <name>StatsFeature</name>
    <message>
        <source>&amp;Statistics</source>
        <translation>&amp;Statistiques</translation>
    </message>
    <message>
        <source>Distance by travel mode</source>
        <translation>Distance par mode de transport</translation>
    </message>
    <message>
        <source>CO2e by travel mode</source>
        <translation>CO2e par mode de transport</translation>
    </message>
    <message>
        <source>kg CO2e</source>
        <translation>kg CO2e</translation>
    </message>
    <message>
        <source>Nights by country</source>
        <translation>Nuits par pays</translation>
    </message>
    <message>
        <source>nights</source>
        <translation>nuits</translation>
    </message>
    <message>
        <source>Costs by category ({c})</source>
        <translation>Dépenses par catégorie ({c})</translation>
    </message>
    <message>
        <source>Costs by day ({c})</source>
        <translation>Dépenses par jour ({c})</translation>
    </message>
    <message>
        <source>The trip&apos;s stays, night by night</source>
        <translation>Les séjours du voyage, nuit après nuit</translation>
    </message>
    <message>
        <source> · costs {total} {c}</source>
        <translation> · dépenses {total} {c}</translation>
    </message>
    <message>
        <source>{distance} · {nights} · {countries} · {co2} kg CO2e{cost}</source>
        <translation>{distance} · {nights} · {countries} · {co2} kg CO2e{cost}</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>Sans date</translation>
    </message>
</context>
<context>
    <name>StopEditor</name>
    <message>
        <source>Notes about this stop</source>
        <translation>Notes sur cette étape</translation>
    </message>
    <message>
        <source>Add site…</source>
        <translation>Ajouter un site…</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>Lat, lon</source>
        <translation>Lat., long.</translation>
    </message>
    <message>
        <source>&amp;Arrival</source>
        <translation>&amp;Arrivée</translation>
    </message>
    <message>
        <source>Ni&amp;ghts</source>
        <translation>N&amp;uits</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Mode</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Sites at this stop</source>
        <translation>Sites de cette étape</translation>
    </message>
    <message>
        <source> · approximate position</source>
        <translation> · position approximative</translation>
    </message>
    <message>
        <source>Pinned: a booked date the stops after it follow.</source>
        <translation>Fixée&#xa0;: une date réservée que suivent les étapes suivantes.</translation>
    </message>
    <message>
        <source>Follows the stop before it; pick or type a date to pin it.</source>
        <translation>Suit l’étape précédente&#x202f;; choisissez ou saisissez une date pour la fixer.</translation>
    </message>
</context>
<context>
    <name>StopsModel</name>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Arrivée</translation>
    </message>
    <message>
        <source>Nights</source>
        <translation>Nuits</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Est. time</source>
        <translation>Durée est.</translation>
    </message>
    <message>
        <source>Leg ({unit})</source>
        <translation>Trajet ({unit})</translation>
    </message>
    <message>
        <source>This trip has no start date yet, so no arrival can be pinned: set it with Trip → Set start date… or type the first stop&apos;s arrival.</source>
        <translation>Ce voyage n’a pas encore de date de départ, aucune arrivée ne peut donc être fixée&#xa0;: définissez-la avec Voyage → Date de départ… ou saisissez l’arrivée de la première étape.</translation>
    </message>
</context>
<context>
    <name>StripFilter</name>
    <message>
        <source>Taken {when}</source>
        <translation>Prise le {when}</translation>
    </message>
    <message>
        <source>The file is no longer at {path}: File → Find moved photos… looks for it.</source>
        <translation>Le fichier n’est plus à l’emplacement {path}&#xa0;: Fichier → Retrouver les photos déplacées… le recherche.</translation>
    </message>
    <message>
        <source>It cannot be shown: {reason}</source>
        <translation>Elle ne peut pas être affichée&#xa0;: {reason}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Sight</source>
        <translation>Site touristique</translation>
    </message>
    <message>
        <source>Museum</source>
        <translation>Musée</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Food and drink</source>
        <translation>Restauration</translation>
    </message>
    <message>
        <source>Lodging</source>
        <translation>Hébergement</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Transports</translation>
    </message>
    <message>
        <source>Shopping</source>
        <translation>Shopping</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Connected city</source>
        <translation>Ville connectée</translation>
    </message>
    <message>
        <source>Mobility</source>
        <translation>Mobilité</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>Eau</translation>
    </message>
    <message>
        <source>Parking</source>
        <translation>Stationnement</translation>
    </message>
    <message>
        <source>Independent living</source>
        <translation>Autonomie des seniors</translation>
    </message>
    <message>
        <source>Autonomous vehicles</source>
        <translation>Véhicules autonomes</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <source>E-citizenship and participation</source>
        <translation>E-citoyenneté et participation</translation>
    </message>
    <message>
        <source>Living lab</source>
        <translation>Living lab</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Expérimentation</translation>
    </message>
    <message>
        <source>Showcase</source>
        <translation>Vitrine</translation>
    </message>
</context>
<context>
    <name>ThemeGroup</name>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Smart city</source>
        <translation>Ville intelligente</translation>
    </message>
</context>
<context>
    <name>ThemePicker</name>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Smart city</source>
        <translation>Ville intelligente</translation>
    </message>
</context>
<context>
    <name>TracksCommands</name>
    <message>
        <source>Remove track {name}</source>
        <translation>Supprimer la trace {name}</translation>
    </message>
    <message>
        <source>Remove {n} tracks</source>
        <translation>Supprimer {n} traces</translation>
    </message>
</context>
<context>
    <name>TracksFeature</name>
    <message>
        <source>Tracks</source>
        <translation>Traces</translation>
    </message>
    <message>
        <source>T&amp;racks</source>
        <translation>&amp;Traces</translation>
    </message>
    <message>
        <source>Remove track</source>
        <translation>Supprimer la trace</translation>
    </message>
    <message>
        <source>Choose the tracks to remove first.</source>
        <translation>Choisissez d’abord les traces à supprimer.</translation>
    </message>
    <message>
        <source>Select a trip first.</source>
        <translation>Choisissez d’abord un voyage.</translation>
    </message>
    <message>
        <source>This trip has no tracks yet. Import a GPX, KML or GeoJSON file with File → Import… to keep the tracks you recorded, point for point.</source>
        <translation>Ce voyage n’a pas encore de traces. Importez un fichier GPX, KML ou GeoJSON avec Fichier → Importer… pour garder les traces enregistrées, point par point.</translation>
    </message>
    <message>
        <source>Tracks of the trip: {count}. They are drawn on the map; Delete removes the chosen ones (Edit → Undo puts them back).</source>
        <translation>Traces du voyage : {count}. Elles sont tracées sur la carte ; Suppr enlève celles choisies (Édition → Annuler les remet).</translation>
    </message>
</context>
<context>
    <name>TracksModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Ascent</source>
        <translation>Dénivelé positif</translation>
    </message>
    <message>
        <source>{name} (a planned line)</source>
        <translation>{name} (un tracé prévu)</translation>
    </message>
    <message>
        <source>{name} (planned)</source>
        <translation>{name} (prévu)</translation>
    </message>
</context>
<context>
    <name>TravelMode</name>
    <message>
        <source>Walk</source>
        <translation>À pied</translation>
    </message>
    <message>
        <source>Bike</source>
        <translation>Vélo</translation>
    </message>
    <message>
        <source>Car</source>
        <translation>Voiture</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Train</translation>
    </message>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>Avion</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>non défini</translation>
    </message>
</context>
<context>
    <name>TravelPhrase</name>
    <message>
        <source>on foot</source>
        <translation>à pied</translation>
    </message>
    <message>
        <source>by bike</source>
        <translation>à vélo</translation>
    </message>
    <message>
        <source>by car</source>
        <translation>en voiture</translation>
    </message>
    <message>
        <source>by bus</source>
        <translation>en bus</translation>
    </message>
    <message>
        <source>by train</source>
        <translation>en train</translation>
    </message>
    <message>
        <source>by ferry</source>
        <translation>en ferry</translation>
    </message>
    <message>
        <source>by plane</source>
        <translation>en avion</translation>
    </message>
</context>
<context>
    <name>TripFileDialog</name>
    <message>
        <source>Trip</source>
        <translation>Voyage</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Journal entry</source>
        <translation>Entrée du journal</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Dépense</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>Order of the stops</source>
        <translation>Ordre des étapes</translation>
    </message>
    <message>
        <source>removed here</source>
        <translation>supprimé ici</translation>
    </message>
    <message>
        <source>removed in the file</source>
        <translation>supprimé dans le fichier</translation>
    </message>
    <message>
        <source>changed here</source>
        <translation>modifié ici</translation>
    </message>
    <message>
        <source>changed in the file</source>
        <translation>modifié dans le fichier</translation>
    </message>
    <message>
        <source>added</source>
        <translation>ajouté</translation>
    </message>
    <message>
        <source>changed: {fields}</source>
        <translation>modifié : {fields}</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>supprimé</translation>
    </message>
    <message>
        <source>Open trip file {name}</source>
        <translation>Ouvrir le fichier de voyage {name}</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Lecture de {name}…</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflit</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>Ici</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>Dans le fichier</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Garder</translation>
    </message>
    <message>
        <source>Keep all &amp;mine</source>
        <translation>Garder tout le &amp;mien</translation>
    </message>
    <message>
        <source>Take all &amp;theirs</source>
        <translation>Prendre tout le &amp;leur</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>{error} Nothing was imported.</source>
        <translation>{error} Rien n’a été importé.</translation>
    </message>
    <message>
        <source>{name} could not be read: {error}</source>
        <translation>{name} n’a pas pu être lu : {error}</translation>
    </message>
    <message>
        <source>{file} updates the trip {trip} (file written on {when}).</source>
        <translation>{file} met à jour le voyage {trip} (fichier écrit le {when}).</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>&amp;Mettre à jour</translation>
    </message>
    <message>
        <source>{file} adds a new trip, {trip} (file written on {when}).</source>
        <translation>{file} ajoute un nouveau voyage, {trip} (fichier écrit le {when}).</translation>
    </message>
    <message>
        <source>Nothing changes: the trip is as the file has it.</source>
        <translation>Rien ne change : le voyage est tel que le fichier le décrit.</translation>
    </message>
    <message>
        <source>Conflicts ({count}): changed here and in the file since the trip was last shared. Choose, for each, which version to keep.</source>
        <translation>Conflits ({count}) : modifiés ici et dans le fichier depuis le dernier partage du voyage. Choisissez pour chacun la version à garder.</translation>
    </message>
    <message>
        <source>Mine (this database)</source>
        <translation>La mienne (cette base)</translation>
    </message>
    <message>
        <source>Theirs (the file)</source>
        <translation>La leur (le fichier)</translation>
    </message>
    <message>
        <source>{added} added, {changed} changed, {removed} removed</source>
        <translation>{added} ajouté(s), {changed} modifié(s), {removed} supprimé(s)</translation>
    </message>
</context>
<context>
    <name>TripsPane</name>
    <message>
        <source>Trips</source>
        <translation>Voyages</translation>
    </message>
    <message>
        <source>&lt;b&gt;Trips&lt;/b&gt;</source>
        <translation>&lt;b&gt;Voyages&lt;/b&gt;</translation>
    </message>
    <message>
        <source>New trip…</source>
        <translation>Nouveau voyage…</translation>
    </message>
    <message>
        <source>New trip</source>
        <translation>Nouveau voyage</translation>
    </message>
    <message>
        <source>Name of the trip:</source>
        <translation>Nom du voyage&#xa0;:</translation>
    </message>
    <message>
        <source>Rename trip</source>
        <translation>Renommer le voyage</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nouveau nom&#xa0;:</translation>
    </message>
    <message>
        <source>Delete trip</source>
        <translation>Supprimer le voyage</translation>
    </message>
    <message>
        <source>Delete “{name}” with its stops, sites and journal? You can undo this.</source>
        <translation>Supprimer «&#x202f;{name}&#x202f;» avec ses étapes, ses sites et son carnet&#x202f;? Vous pourrez annuler.</translation>
    </message>
</context>
<context>
    <name>WindowContext</name>
    <message>
        <source>{error}
The window now shows what the file holds; the undo history was cleared.</source>
        <translation>{error}
La fenêtre montre maintenant le contenu du fichier&#x202f;; l’historique des annulations a été effacé.</translation>
    </message>
</context>
<context>
    <name>WindowManager</name>
    <message>
        <source>{damage}

There is no good backup of it. Save what can still be read as a new file and open that?</source>
        <translation>{damage}

Il n’en existe aucune sauvegarde saine. Enregistrer ce qui peut encore être lu dans un nouveau fichier et l’ouvrir&#x202f;?</translation>
    </message>
    <message>
        <source>Save what can be read as</source>
        <translation>Enregistrer ce qui peut être lu sous</translation>
    </message>
    <message>
        <source>CityPlanner databases (*.db *.sqlite)</source>
        <translation>Bases de données CityPlanner (*.db *.sqlite)</translation>
    </message>
    <message>
        <source>{damage}

The newest good backup is {backup}. Restore it? The damaged file is kept beside the backups.</source>
        <translation>{damage}

La sauvegarde saine la plus récente est {backup}. La restaurer&#x202f;? Le fichier endommagé est conservé à côté des sauvegardes.</translation>
    </message>
</context>
</TS>
