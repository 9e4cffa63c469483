<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BackupsDialog</name>
    <message numerus="yes">
        <source>%Ln backup(s), kept in {folder}.</source>
        <translation>
            <numerusform>%Ln backup, kept in {folder}.</numerusform>
            <numerusform>%Ln backups, kept in {folder}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflict</numerusform>
            <numerusform>%Ln conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln country(s)</source>
        <translation>
            <numerusform>%Ln country</numerusform>
            <numerusform>%Ln countries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln journal entry(s)</source>
        <translation>
            <numerusform>%Ln journal entry</numerusform>
            <numerusform>%Ln journal entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln leg(s)</source>
        <translation>
            <numerusform>%Ln leg</numerusform>
            <numerusform>%Ln legs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln night(s)</source>
        <translation>
            <numerusform>%Ln night</numerusform>
            <numerusform>%Ln nights</numerusform>
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
            <numerusform>%Ln stop</numerusform>
            <numerusform>%Ln stops</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln traveller(s)</source>
        <translation>
            <numerusform>%Ln traveller</numerusform>
            <numerusform>%Ln travellers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln trip(s)</source>
        <translation>
            <numerusform>%Ln trip</numerusform>
            <numerusform>%Ln trips</numerusform>
        </translation>
    </message>
</context>
</TS>
